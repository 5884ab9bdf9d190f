import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { Graph } from '../../shared/graph.ts';
import { probe } from '../../server/media/ffmpeg.ts';
import { graph, harness, waitRun, type Harness } from './helpers.ts';

/** Bypass and canvas items on the real engine (local fal stand-in, real ffmpeg steps). */

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

const run = async (g: Graph, extra: Record<string, unknown> = {}) => {
  const start = await h.api<RunDetail>('/api/runs', { json: { graph: g, ...extra } });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  return waitRun(h.server.url, start.body.id);
};
const bypass = (g: Graph, id: string): Graph => ({
  ...g,
  nodes: g.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, bypass: true } } : n)),
});

it('a bypassed Trim hands its input video on: downstream receives the video Trim was given, free', async () => {
  const g = bypass(
    graph(
      [
        ['p', 'prompt', { text: 'bypass: a lighthouse at dusk' }],
        ['t2v', 'pika-turbo-text-to-video', { seed: 3 }],
        ['trim', 'trim', { start: 0, end: 0.5 }],
        ['out', 'output'],
      ],
      [
        ['p.text', 't2v.prompt'],
        ['t2v.video', 'trim.video'],
        ['trim.video', 'out.in'],
      ],
    ),
    'trim',
  );
  const done = await run(g);
  expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
  expect(done.nodes.trim).toMatchObject({ state: 'done', cost: 0 });
  expect(done.nodes.trim.outputs?.video).toBe(done.nodes.t2v.outputs?.video);
  // The output is the run's copy of the whole video text-to-video made, not a trimmed half-second.
  const made = await probe(join(h.dataDir, done.nodes.t2v.outputs!.video));
  const got = await probe(join(h.dataDir, done.outputs.out));
  expect(made.duration).toBeGreaterThan(1);
  expect(got.duration).toBeCloseTo(made.duration, 1);
});

it('a bypassed Image → Video has no video input: it and its branch are skipped as bypassed, nothing submitted', async () => {
  const g = bypass(
    graph(
      [
        ['p', 'prompt', { text: 'bypass: a paper boat' }],
        ['t2v', 'pika-turbo-text-to-video', { seed: 4 }],
        ['frame', 'extract-frame'],
        ['i2v', 'pika-turbo-image-to-video', { prompt: 'drift away' }],
        ['out', 'output'],
        ['out2', 'output'],
      ],
      [
        ['p.text', 't2v.prompt'],
        ['t2v.video', 'frame.video'],
        ['frame.image', 'i2v.image'],
        ['i2v.video', 'out.in'],
        ['t2v.video', 'out2.in'],
      ],
    ),
    'i2v',
  );
  const before = h.fal.counters.acceptedTotal;
  const done = await run(g);
  expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
  expect(done.nodes.i2v).toMatchObject({ state: 'skipped', log: 'bypassed' });
  expect(done.nodes.out).toMatchObject({ state: 'skipped', log: '"i2v" is bypassed' });
  expect(done.nodes.out2.state).toBe('done');
  expect(h.fal.counters.acceptedTotal - before).toBe(1); // only text-to-video went to fal
  // The estimate counts nothing for the bypassed node.
  const est = await h.api<{ perNode: Record<string, number> }>('/api/estimate', { json: { graph: g } });
  expect(est.body.perNode.i2v).toBe(0);
});

it('notes and groups take no part in a run; a reroute hands its wire on', async () => {
  const g = graph(
    [
      ['p', 'prompt', { text: 'reroute: a red kite' }],
      ['dot', 'reroute'],
      ['t2v', 'pika-turbo-text-to-video', { seed: 5 }],
      ['out', 'output'],
      ['note', 'note', { text: 'try seed 6 next' }],
      ['frame', 'group', { color: 'green' }],
    ],
    [
      ['p.text', 'dot.in'],
      ['dot.out', 't2v.prompt'],
      ['t2v.video', 'out.in'],
    ],
  );
  const done = await run(g);
  expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
  expect(done.nodes.dot.outputs?.out).toBe('reroute: a red kite');
  expect(done.nodes.t2v.state).toBe('done');
  expect(done.nodes.note).toBeUndefined();
  expect(done.nodes.frame).toBeUndefined();
  // Running "just the group's nodes" with a group id among them runs what the others need, never the group itself.
  const only = await run(g, { only: ['frame', 't2v'] });
  expect(only.status).toBe('completed');
  expect(Object.keys(only.nodes).sort()).toEqual(['dot', 'p', 't2v']);
});
