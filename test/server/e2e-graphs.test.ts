import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { Graph } from '../../shared/graph.ts';
import { probe } from '../../server/media/ffmpeg.ts';
import { FAST_SERVER, graph, harness, waitRun, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ fal: { concurrency: 4 } });
});
afterAll(async () => h?.close());

const run = async (g: Graph, extra: Record<string, unknown> = {}) => {
  const start = await h.api<RunDetail>('/api/runs', { json: { graph: g, ...extra } });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  return waitRun(h.server.url, start.body.id);
};
const submitted = () => h.fal.counters.acceptedTotal;

async function expectPlayable(mediaUrl: string) {
  expect(mediaUrl).toMatch(/^\/media\/([a-f0-9]{64}|runs\/[a-f0-9-]{36}\/[\w-]+)\.mp4$/);
  const info = await probe(join(h.dataDir, mediaUrl));
  expect(info.codec).toBe('h264');
  expect(info.duration).toBeGreaterThan(0.5);
}

describe('example graphs', () => {
  const dir = join(import.meta.dirname, '../../examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  it.each(files)('%s runs and produces playable MP4s', async (file) => {
    const g = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Graph;
    const done = await run(g);
    expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
    const outs = Object.values(done.outputs);
    expect(outs.length).toBeGreaterThan(0);
    for (const url of outs) if (url.endsWith('.mp4')) await expectPlayable(url);
  });
});

describe('scheduling and cache', () => {
  // Each test has its own diamond (its own prompt), so none is served from another test's cache.
  const diamond = (tag: string, seedB: number) =>
    graph(
      [
        ['p', 'prompt', { text: `a diamond: ${tag}` }],
        ['a', 'pika-turbo-text-to-video', { seed: 1 }],
        ['b', 'pika-turbo-text-to-video', { seed: seedB }],
        ['c', 'concatenate'],
        ['out', 'output'],
      ],
      [
        ['p.text', 'a.prompt'],
        ['p.text', 'b.prompt'],
        ['a.video', 'c.videos', 0],
        ['b.video', 'c.videos', 1],
        ['c.video', 'out.in'],
      ],
    );

  it('runs a diamond (fal branches joined by a local ffmpeg step)', async () => {
    const before = submitted();
    const done = await run(diamond('joined', 2));
    expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
    expect(submitted() - before).toBe(2);
    await expectPlayable(done.outputs.out);
  });

  it('a second identical run submits nothing and reports cached', async () => {
    const first = await run(diamond('twice', 2));
    expect(first.status, JSON.stringify(first.nodes)).toBe('completed');
    const before = submitted();
    const done = await run(diamond('twice', 2));
    expect(done.status).toBe('completed');
    expect(submitted()).toBe(before);
    expect(done.nodes.a.state).toBe('cached');
    expect(done.nodes.c.state).toBe('cached');
    expect(done.cost).toBe(0);
    const est = await h.api<{ total: number; cached: string[] }>('/api/estimate', {
      json: { graph: diamond('twice', 2) },
    });
    expect(est.body.total).toBe(0);
    expect(est.body.cached.sort()).toEqual(['a', 'b']);
  });

  it('editing one node re-runs it and its downstream only', async () => {
    const first = await run(diamond('edited', 2));
    expect(first.status, JSON.stringify(first.nodes)).toBe('completed');
    const est = await h.api<{ total: number; perNode: Record<string, number> }>('/api/estimate', {
      json: { graph: diamond('edited', 3) },
    });
    expect(est.body.perNode.a).toBe(0);
    expect(est.body.perNode.b).toBeGreaterThan(0);
    const before = submitted();
    const done = await run(diamond('edited', 3));
    expect(submitted() - before).toBe(1);
    expect(done.nodes.a.state).toBe('cached');
    expect(done.nodes.b.state).toBe('done');
    expect(done.nodes.c.state).toBe('done');
  });

  it('re-roll forces one node (and its dependents) anew', async () => {
    const first = await run(diamond('rerolled', 3));
    expect(first.status, JSON.stringify(first.nodes)).toBe('completed');
    const before = submitted();
    const rr = await h.api<RunDetail>(`/api/runs/${first.id}/reroll`, { json: { nodeId: 'a' } });
    expect(rr.status).toBe(201);
    const done = await waitRun(h.server.url, rr.body.id);
    expect(submitted() - before).toBe(1);
    expect(done.nodes.a.state).toBe('done');
    expect(done.nodes.b.state).toBe('cached');
    expect(done.nodes.c.state).toBe('done');
  });

  it('runs a 10-wide fan-out in parallel, and "only" runs just what a node needs', async () => {
    const nodes: [string, string, Record<string, unknown>?][] = [['p', 'prompt', { text: 'fan out' }]];
    const edges: [string, string][] = [];
    for (let i = 0; i < 10; i++)
      nodes.push([`v${i}`, 'pika-turbo-text-to-video', { seed: 100 + i }]), edges.push(['p.text', `v${i}.prompt`]);
    const g = graph(nodes, edges);
    const partial = await run(g, { only: ['v0'] });
    expect(Object.keys(partial.nodes).sort()).toEqual(['p', 'v0']);
    const before = submitted();
    const done = await run(g);
    expect(done.status).toBe('completed');
    expect(submitted() - before).toBe(9);
    // Ready-queue, read from the run's own event log (order, not time): every branch that had a free slot was
    // submitted before the first branch finished; one layer is not run one node at a time.
    const types = h.server.store.runs.events(done.id).map((e) => e.type);
    const firstDone = types.indexOf('node.completed', types.indexOf('node.submitted'));
    const submittedFirst = types.slice(0, firstDone).filter((t) => t === 'node.submitted').length;
    expect(submittedFirst).toBe(Math.min(9, FAST_SERVER.concurrency));
  });
});

describe('errors', () => {
  it('a cycle or a bad param gets a 400 naming the node', async () => {
    const cyc = graph(
      [
        ['a', 'trim'],
        ['b', 'trim'],
      ],
      [
        ['a.video', 'b.video'],
        ['b.video', 'a.video'],
      ],
    );
    const r1 = await h.api<{ error: string; problems: { code: string; nodeId?: string }[] }>('/api/runs', {
      json: { graph: cyc },
    });
    expect(r1.status).toBe(400);
    expect(r1.body.problems.find((p) => p.code === 'cycle')?.nodeId).toBeDefined();
    const bad = graph([['t', 'pika-turbo-text-to-video', { prompt: 'x', resolution: '4k' }]], []);
    const r2 = await h.api<{ problems: { nodeId?: string; field?: string }[] }>('/api/runs', { json: { graph: bad } });
    expect(r2.status).toBe(400);
    expect(r2.body.problems[0]).toMatchObject({ nodeId: 't', field: 'resolution' });
    const r3 = await h.api('/api/runs', {
      method: 'POST',
      body: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect(r3.status).toBe(400);
    const r4 = await h.api<{ problems: { field?: string; nodeId?: string }[] }>('/api/runs', {
      json: { graph: { version: 1, nodes: [{ id: 'x', type: 3 }], edges: [] } },
    });
    expect(r4.status).toBe(400);
    expect(r4.body.problems[0]).toMatchObject({ nodeId: 'x', field: 'graph.nodes.0.type' });
  });

  it('an unreachable source fails only its branch, naming the field; dependents are skipped, the other branch finishes', async () => {
    const g = graph(
      [
        ['img', 'image', { url: 'http://127.0.0.1:9/missing.png' }],
        ['bad', 'pika-turbo-image-to-video', { prompt: 'x' }],
        ['after', 'trim', { start: 0 }],
        ['good', 'pika-turbo-text-to-video', { prompt: 'fine', seed: 9 }],
      ],
      [
        ['img.image', 'bad.image'],
        ['bad.video', 'after.video'],
      ],
    );
    const done = await run(g);
    expect(done.status).toBe('failed');
    expect(done.nodes.img).toMatchObject({ state: 'failed', error: { kind: 'validation', field: 'url' } });
    expect(done.nodes.bad.state).toBe('skipped');
    expect(done.nodes.after.state).toBe('skipped');
    expect(done.nodes.good.state).toBe('done');
  });
});
