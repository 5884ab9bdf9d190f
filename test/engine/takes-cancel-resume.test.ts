import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../server/engine/engine.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import type { Graph } from '../../shared/graph.ts';
import type { TakeSet } from '../../shared/takes.ts';
import { eventOf, graphOf, SWAPS, T2V } from './engine-harness.ts';
import { fakeFal, type FakeFal } from './fake-fal.ts';

/**
 * Takes under cancel and restart, on a fake fal whose jobs end only when the test says so. Every take is a paid job
 * of its own: a cancel must reach each one still at fal (or keep its result once fal billed it), and an engine that
 * stopped mid-takes is followed by one that re-attaches to the stored request ids and submits only what never went.
 */

let fake: FakeFal;
let store: Store;
let dataDir: string;
const engines: Engine[] = [];

/** An engine playing fal (paid) on the shared store and fake: a second one is the same server started again. */
function engineOn(concurrency: number): Engine {
  const engine = createEngine({
    store,
    targets: { fal: { kind: 'fal', fal: fake.fal, key: 'fal', trustedOrigins: [fake.origin] } },
    dataDir,
    mediaDir: join(dataDir, 'media'),
    concurrency,
    pollIntervalMs: 5,
    retry: { max: 2, baseMs: 5 },
    allowOrigins: [fake.origin],
  });
  engines.push(engine);
  return engine;
}

async function setUp() {
  fake = await fakeFal();
  dataDir = await mkdtemp(join(tmpdir(), 'pikaflow-takes-cancel-'));
  store = openStore(dataDir);
}

afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  store?.close();
  await fake?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const at = (endpoint: string) => fake.jobs.filter((j) => j.endpoint === endpoint);
/** The fake's job for take `i` of `a` (seed 10 + i). */
const takeJob = (i: number) => at(T2V).find((j) => j.input.seed === 10 + i)!;

/** Text → video `a` (seed 10) with four takes, feeding pikaswaps `s`. */
function fourTakes(): Graph {
  const g = graphOf(
    [
      ['a', 'pika-turbo-text-to-video', 10],
      ['s', 'pika-pikaswaps'],
    ],
    [['a', 's']],
  );
  g.nodes[0].data = { ...g.nodes[0].data, takes: 4 };
  return g;
}

const takePrints = (g: Graph) => {
  const sets = new Map<string, TakeSet>();
  graphFingerprints(g, {}, 'fal', sets);
  return sets.get('a')!.prints;
};

describe('takes under cancel and resume', { timeout: 30_000 }, () => {
  it('a cancel reaches every take still at fal and keeps the ones fal billed, even one billed mid-cancel', async () => {
    await setUp();
    const engine = engineOn(4);
    const g = fourTakes();
    const { id } = engine.startRun({ graph: g });
    await fake.until(() => at(T2V).length === 4);
    // Take 1 finished before the cancel; take 2 finishes and fal bills it while the cancel is on its way.
    fake.finish(takeJob(1).id);
    await eventOf(engine, id, (e) => e.type === 'node.completed' && e.take === 1);
    const billedMidCancel = takeJob(2).id;
    const cancelled = new Promise<boolean>((resolve) => {
      fake.onResult = (j) => {
        if (j.id === billedMidCancel) resolve(engine.cancelRun(id));
      };
    });
    fake.finish(billedMidCancel);
    expect(await cancelled).toBe(true);
    const run = await engine.waitForRun(id);

    expect(run.status).toBe('cancelled');
    expect(run.nodes.a.state).toBe('cancelled');
    // Takes 0 (the pick) and 3 were at fal: cancelled there. Takes 1 and 2 were billed: kept, not cancelled.
    expect(new Set(fake.cancels)).toEqual(new Set([takeJob(0).id, takeJob(3).id]));
    expect([takeJob(0).state, takeJob(3).state]).toEqual(['cancelled', 'cancelled']);
    expect(run.nodes.a.takes?.map((t) => t.state)).toEqual(['cancelled', 'done', 'done', 'cancelled']);
    expect(run.nodes.a.takes?.map((t) => t.cost ?? 0)).toEqual([0, 0.2, 0.2, 0]);
    expect(run.cost).toBeCloseTo(0.4, 5);
    const prints = takePrints(g);
    expect(prints.map((p) => store.cache.has(p))).toEqual([false, true, true, false]);
    // Each take went to fal once, and nothing downstream started.
    expect(at(T2V)).toHaveLength(4);
    expect(new Set(at(T2V).map((j) => j.input.seed))).toEqual(new Set([10, 11, 12, 13]));
    expect(at(SWAPS)).toHaveLength(0);
  });

  it('an engine stopped mid-takes is resumed by the next: stored requests re-attached, only unsent takes submitted', async () => {
    await setUp();
    // Two slots for four takes: two are at fal and two still wait for a slot when the engine stops.
    const first = engineOn(2);
    const { id } = first.startRun({ graph: fourTakes() });
    // Both submits are on record before the stop (a submit cut mid-flight is another story: "a job may exist").
    await waitForTakeIds(first, id, 2);
    const sent = at(T2V).map((j) => j.id);
    expect(sent).toHaveLength(2);
    await first.close();
    expect(store.runs.get(id)?.status).toBe('running');

    const second = engineOn(2);
    expect(second.resume()).toBe(1);
    // The second engine follows the two stored requests (they hold both slots until they end), then sends the two
    // takes that never went: four jobs in all.
    for (const j of sent) fake.finish(j);
    await fake.until(() => at(T2V).length === 4);
    for (const j of fake.open) fake.finish(j.id);
    await fake.until(() => at(SWAPS).length === 1);
    fake.finish(at(SWAPS)[0].id);
    const run = await second.waitForRun(id);

    expect(run.status).toBe('completed');
    expect(at(T2V)).toHaveLength(4);
    expect(new Set(at(T2V).map((j) => j.input.seed))).toEqual(new Set([10, 11, 12, 13]));
    const ids = run.nodes.a.takes?.map((t) => t.requestId) ?? [];
    expect(ids).toEqual(expect.arrayContaining(sent));
    expect(new Set(ids).size).toBe(4);
    expect(run.nodes.a.takes?.map((t) => t.state)).toEqual(['done', 'done', 'done', 'done']);
    // Each take paid once, by this run, whichever engine saw it end.
    expect(run.nodes.a.takes?.map((t) => t.cost)).toEqual([0.2, 0.2, 0.2, 0.2]);
    const receipts = takePrints(fourTakes()).map((p) => store.jobs.get(p));
    expect(receipts.map((r) => [r?.state, r?.cost, r?.costRun])).toEqual(Array(4).fill(['completed', 0.2, id]));
  });
});

/** Resolves once `count` takes of `a` have a stored request id (what a resume re-attaches to). */
function waitForTakeIds(engine: Engine, runId: string, count: number): Promise<void> {
  const stored = () => (engine.getRun(runId)?.nodes.a?.takes ?? []).filter((t) => t.requestId).length >= count;
  return new Promise((resolve) => {
    if (stored()) return resolve();
    const off = engine.subscribe(runId, () => {
      if (stored()) off(), resolve();
    });
  });
}
