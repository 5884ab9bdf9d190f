import { afterEach, describe, expect, it } from 'vitest';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import type { Graph } from '../../shared/graph.ts';
import type { TakeSet } from '../../shared/takes.ts';
import { engineOnFake, eventOf, graphOf, SWAPS, T2V, type EngineHarness } from './engine-harness.ts';

/**
 * Takes (issue 13) on a fake fal whose jobs end only when the test says so: the takes of a node go out together, each
 * is its own paid job with its own receipt, and the pick decides what downstream gets.
 */

let h: EngineHarness;
afterEach(async () => {
  const closing = h;
  h = undefined as unknown as EngineHarness;
  await closing?.close();
});

const at = (endpoint: string) => h.fake.jobs.filter((j) => j.endpoint === endpoint);

/** Text → video `a` (seed 10) with `takes` takes and `pick`, feeding pikaswaps `s`. */
function takesGraph(takes: number, pick?: number): Graph {
  const g = graphOf(
    [
      ['a', 'pika-turbo-text-to-video', 10],
      ['s', 'pika-pikaswaps'],
    ],
    [['a', 's']],
  );
  g.nodes[0].data = { ...g.nodes[0].data, takes, ...(pick !== undefined ? { pick } : {}) };
  return g;
}

const takePrints = (graph: Graph) => {
  const sets = new Map<string, TakeSet>();
  graphFingerprints(graph, {}, 'fal', sets);
  return sets.get('a')!.prints;
};

describe('takes on a fake fal', { timeout: 20_000 }, () => {
  it('four takes go out in parallel under one estimate, each with its own seed, receipt and price', async () => {
    h = await engineOnFake({ paid: true, concurrency: 4 });
    const graph = takesGraph(4);
    const before = h.engine.estimate(graph);
    expect(before.perNode.a).toBeCloseTo(4 * 0.2);
    const { id } = h.engine.startRun({ graph });
    // All four are at fal before any of them finished: nothing waits for another take.
    await h.fake.until(() => at(T2V).length === 4);
    expect(h.fake.open).toHaveLength(4);
    expect(at(T2V).map((j) => j.input.seed)).toEqual(expect.arrayContaining([10, 11, 12, 13]));
    expect(at(SWAPS)).toHaveLength(0); // downstream waits for the node
    for (const j of at(T2V)) h.fake.finish(j.id);
    await h.fake.until(() => at(SWAPS).length === 1);
    const take0 = at(T2V).find((j) => j.input.seed === 10)!;
    expect(at(SWAPS)[0].input.video_url).toBe(`${h.fake.origin}/${take0.id}.mp4`); // the pick (take 0) feeds it
    h.fake.finish(at(SWAPS)[0].id);
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('completed');
    expect(run.nodes.a.takes?.map((t) => t.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(run.nodes.a.takes?.map((t) => t.cost)).toEqual([0.2, 0.2, 0.2, 0.2]);
    expect(new Set(run.nodes.a.takes?.map((t) => t.requestId)).size).toBe(4);
    expect(run.nodes.a.cost).toBeCloseTo(0.8);
    expect(run.cost).toBeCloseTo(before.total);
    // One receipt per take in the money book, each paid once by this run.
    const receipts = takePrints(graph).map((fp) => h.engine.store.jobs.get(fp));
    expect(receipts.map((r) => [r?.state, r?.cost, r?.costRun])).toEqual(Array(4).fill(['completed', 0.2, id]));
  });

  it('a second run pays nothing, and picking another take reruns only what is downstream of it', async () => {
    h = await engineOnFake({ paid: true, concurrency: 4 });
    const first = h.engine.startRun({ graph: takesGraph(4) });
    await h.fake.until(() => at(T2V).length === 4);
    for (const j of at(T2V)) h.fake.finish(j.id);
    await h.fake.until(() => at(SWAPS).length === 1);
    h.fake.finish(at(SWAPS)[0].id);
    await h.engine.waitForRun(first.id);
    const submitted = h.fake.jobs.length;

    expect(h.engine.estimate(takesGraph(4)).total).toBe(0);
    const again = await h.engine.waitForRun(h.engine.startRun({ graph: takesGraph(4) }).id);
    expect(again.cost).toBe(0);
    expect(again.nodes.a.state).toBe('cached');
    expect(h.fake.jobs.length).toBe(submitted);

    // Take 3 is picked: the estimate charges only pikaswaps, and only pikaswaps goes to fal.
    const picked = takesGraph(4, 2);
    const est = h.engine.estimate(picked);
    expect(est.cached).toContain('a');
    expect(est.perNode.a).toBe(0);
    expect(est.perNode.s).toBeGreaterThan(0);
    const { id } = h.engine.startRun({ graph: picked });
    await h.fake.until(() => h.fake.jobs.length === submitted + 1);
    const swap = h.fake.jobs.at(-1)!;
    expect(swap.endpoint).toBe(SWAPS);
    const take2 = at(T2V).find((j) => j.input.seed === 12)!;
    expect(swap.input.video_url).toBe(`${h.fake.origin}/${take2.id}.mp4`);
    await eventOf(h.engine, id, (e) => e.type === 'node.cached' && e.nodeId === 'a' && e.take === undefined);
    h.fake.finish(swap.id);
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('completed');
    expect(run.nodes.a.state).toBe('cached');
    expect(run.nodes.a.outputs).toEqual(again.nodes.a.takes?.[2].outputs);
    expect(run.cost).toBe(est.total);
  });
});
