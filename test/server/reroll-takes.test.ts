import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { Graph } from '../../shared/graph.ts';
import { pickedTakes } from '../../server/engine/reroll-takes.ts';
import { graph, harness, tmpDir, waitRun, type Harness } from './helpers.ts';

/**
 * The server's and the CLI's Re-roll of a generation node is one take more, picked, as the editor's is: the new
 * video has a seed and a fingerprint a later run reaches again, so nothing paid is lost. Real server, real
 * @fal-ai/client, the local fal engine playing fal (a paid server): submissions are the engine's accepted count.
 */
let h: Harness;
beforeAll(async () => {
  h = await harness({ paid: true, fal: { concurrency: 4 } });
});
afterAll(async () => h?.close());

const submitted = () => h.fal.counters.acceptedTotal;

/** prompt → Text → Video `t` → output; each test its own prompt, so none is served from another's cache. */
const clip = (tag: string, seed?: number): Graph =>
  graph(
    [
      ['p', 'prompt', { text: `a reroll: ${tag}` }],
      ['t', 'pika-turbo-text-to-video', seed === undefined ? {} : { seed }],
      ['out', 'output'],
    ],
    [
      ['p.text', 't.prompt'],
      ['t.video', 'out.in'],
    ],
  );

async function start(body: Record<string, unknown>) {
  const res = await h.api<RunDetail>('/api/runs', { json: body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return waitRun(h.server.url, res.body.id);
}

async function reroll(runId: string, nodeId: string) {
  const res = await h.api<RunDetail>(`/api/runs/${runId}/reroll`, { json: { nodeId } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return waitRun(h.server.url, res.body.id);
}

const takesOf = (run: RunDetail) => run.graph.nodes.find((n) => n.id === 't')!.data;

describe('re-roll of a generation node', () => {
  it('through the API adds a take each time, submits only it, and refuses a ninth take naming the node', async () => {
    const first = await start({ graph: clip('api', 10) });
    expect(first.status).toBe('completed');
    const before = submitted();

    const second = await reroll(first.id, 't');
    expect(second.status, JSON.stringify(second.nodes)).toBe('completed');
    expect(takesOf(second)).toMatchObject({ takes: 2, pick: 1 });
    expect(second.nodes.t.takes?.map((t) => t.state)).toEqual(['cached', 'done']);
    expect(second.cost).toBeCloseTo(0.2, 5);

    const third = await reroll(second.id, 't');
    expect(takesOf(third)).toMatchObject({ takes: 3, pick: 2 });
    expect(third.nodes.t.takes?.map((t) => t.state)).toEqual(['cached', 'cached', 'done']);
    expect(submitted() - before).toBe(2);
    // What lies downstream follows the pick: the output is the new take's video.
    expect(third.nodes.t.outputs).not.toEqual(second.nodes.t.outputs);
    expect(third.nodes.t.outputs).toEqual(third.nodes.t.takes?.[2].outputs);

    // The stored graph is a plain run's graph now: asking for it again pays nothing.
    const est = await h.api<{ total: number }>('/api/estimate', { json: { graph: third.graph } });
    expect(est.body.total).toBe(0);
    // The budget counts the new take only (3 takes cached, the 4th $0.20), not every take of the node.
    const refused = await h.api<{ error: string }>('/api/runs', {
      json: { graph: third.graph, reroll: ['t'], budget: 0.19 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/estimated at \$0\.20, over the budget of \$0\.19/);

    // A node with the most takes: a plain-words 400 naming it by title, and nothing submitted.
    const full = clip('full', 10);
    full.nodes[1].data = { ...full.nodes[1].data, takes: 8, pick: 7 };
    const scoped = await h.api<RunDetail>('/api/runs', { json: { graph: full, only: ['p'] } });
    await waitRun(h.server.url, scoped.body.id);
    const atMost = submitted();
    const ninth = await h.api<{ error: string; problems: { nodeId?: string }[] }>(
      `/api/runs/${scoped.body.id}/reroll`,
      { json: { nodeId: 't' } },
    );
    expect(ninth.status).toBe(400);
    expect(ninth.body.error).toMatch(/^Text → Video \(Turbo\) has 8 takes already/);
    expect(ninth.body.problems[0].nodeId).toBe('t');
    expect(submitted()).toBe(atMost);
  });

  it('from the CLI (runGraph) on an unchanged graph file: a new take each time, kept by its seed for free', async () => {
    const { engine } = h.server;
    // No seed: take 0 is fal's choice, later takes get seeds derived from the node, so they can be kept.
    const file = clip('cli');
    expect((await engine.runGraph(file)).status).toBe('completed');
    const before = submitted();

    const rolled = await engine.runGraph(file, { reroll: ['t'] });
    expect(rolled.status).toBe('completed');
    expect(submitted() - before).toBe(1);
    const [made] = pickedTakes(rolled.graph, ['t'], 'fal');
    expect(made).toMatchObject({ nodeId: 't', take: 1 });
    expect(made.seed).toEqual(expect.any(Number));

    // The file never learns of the take; re-rolling it again must still make a new video, not the same take.
    const again = await engine.runGraph(file, { reroll: ['t'] });
    expect(submitted() - before).toBe(2);
    expect(takesOf(again)).toMatchObject({ takes: 3, pick: 2 });
    expect(again.nodes.t.outputs).not.toEqual(rolled.nodes.t.outputs);

    // `--set t.seed=<seed>` as the CLI prints it: the same fingerprint, so the cache serves it and nothing is sent.
    const kept = structuredClone(file);
    kept.nodes[1].data.params = { ...kept.nodes[1].data.params, seed: made.seed };
    const keptRun = await engine.runGraph(kept);
    expect(keptRun.status).toBe('completed');
    expect(keptRun.nodes.t.state).toBe('cached');
    expect(keptRun.nodes.t.outputs).toEqual(rolled.nodes.t.outputs);
    expect(keptRun.outputs.out).toBeDefined();
    expect(submitted() - before).toBe(2);
  });

  it('pikaflow run --reroll prints the new take’s seed; --set with it is served from the cache', async () => {
    const dataDir = await tmpDir('pikaflow-reroll-cli-');
    const env = { ...process.env, DATA_DIR: dataDir, FAL_KEY: '', LOCAL_FAL_SPEED: '50', POLL_INTERVAL_MS: '50' };
    const cli = async (...args: string[]) => {
      const r = await promisify(execFile)('node', ['bin/pikaflow.mjs', 'run', ...args], { env, timeout: 120_000 });
      return r.stdout;
    };
    try {
      const file = 'examples/turbo-text-to-video.json';
      const out = await cli(file, '--reroll', 't2v');
      // The example's seed is 42, so take 2 (the first new one) has seed 43.
      expect(out).toContain('t2v: take 2, seed 43 — keep it with --set t2v.seed=43');
      const kept = await cli(file, '--set', 't2v.seed=43');
      expect(kept).toMatch(/t2v cached/);
      expect(kept).toMatch(/out: \S+\.mp4/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
