import { afterEach, describe, expect, it } from 'vitest';
import { sumCost } from '../../shared/run-state.ts';
import { engineOnFake, eventOf, graphOf, SWAPS, T2V, type EngineHarness } from './engine-harness.ts';

/**
 * The ready-queue scheduler (server/engine/run-execution.ts) against a fake fal whose jobs end only when the test
 * says so: every ordering below is forced by the test, and every wait is on something the engine or the fake did.
 */

let h: EngineHarness;
afterEach(async () => {
  // Cleared first, so a test that fails before building its own harness never closes the previous one twice.
  const closing = h;
  h = undefined as unknown as EngineHarness;
  await closing?.close();
});

/** The fake's jobs for one endpoint, in submit order. */
const at = (endpoint: string) => h.fake.jobs.filter((j) => j.endpoint === endpoint);
const nodeCosts = (id: string) => sumCost(h.engine.getRun(id)!.nodes);

// A broken scheduler shows up as a wait that never ends; fail it well before the suite's minute-long default.
describe('scheduler on a fake fal', { timeout: 20_000 }, () => {
  it('starts a node the moment its own inputs finished: branches run in parallel, a join waits for all of them', async () => {
    h = await engineOnFake({ paid: true });
    // a and c are independent; s needs only a; j joins a and c.
    const graph = graphOf(
      [
        ['a', 'pika-turbo-text-to-video', 1],
        ['c', 'pika-turbo-text-to-video', 2],
        ['s', 'pika-pikaswaps'],
        ['j', 'concatenate'],
      ],
      [
        ['a', 's'],
        ['a', 'j', 'videos'],
        ['c', 'j', 'videos'],
      ],
    );
    const { id } = h.engine.startRun({ graph });
    await h.fake.until(() => h.fake.jobs.length === 2);
    expect(h.fake.open.map((j) => j.endpoint)).toEqual([T2V, T2V]); // both out before either completed
    const [a, c] = h.fake.jobs;
    h.fake.finish(a.id);
    // s starts while c is still running: ready-queue, not layer by layer.
    await h.fake.until(() => at(SWAPS).length === 1);
    expect(c.state).toBe('open');
    expect(at(SWAPS)[0].input.video_url).toBe(`${h.fake.origin}/${a.id}.mp4`);
    expect(h.joins).toEqual([]);
    h.fake.finish(c.id);
    await eventOf(h.engine, id, (e) => e.type === 'node.completed' && e.nodeId === 'j');
    expect(h.joins).toHaveLength(1);
    expect(h.joins[0].states).toMatchObject({ a: 'done', c: 'done' });
    expect(h.joins[0].videos).toHaveLength(2);
    h.fake.finish(at(SWAPS)[0].id);
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('completed');
    expect(h.fake.jobs).toHaveLength(3);
  });

  it('a failed node skips its dependents while an independent branch completes', async () => {
    h = await engineOnFake({ paid: true });
    const { id } = h.engine.startRun({
      graph: graphOf(
        [
          ['a', 'pika-turbo-text-to-video', 1],
          ['s', 'pika-pikaswaps'],
          ['c', 'pika-turbo-text-to-video', 2],
        ],
        [['a', 's']],
      ),
    });
    await h.fake.until(() => h.fake.jobs.length === 2);
    h.fake.fail(h.fake.jobs[0].id);
    h.fake.finish(h.fake.jobs[1].id);
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('failed');
    expect(run.nodes.a).toMatchObject({ state: 'failed', error: { kind: 'fal' } });
    expect(run.nodes.s).toMatchObject({ state: 'skipped', log: '"a" did not finish' });
    expect(run.nodes.c).toMatchObject({ state: 'done', cost: 0.2 });
    expect(run.cost).toBe(0.2);
    expect(at(SWAPS)).toEqual([]); // nothing downstream of the failure was sent (or paid for)
  });

  it('never has more jobs open at fal than the concurrency limit', async () => {
    h = await engineOnFake({ concurrency: 2 });
    const nodes = [1, 2, 3, 4, 5].map((n) => [`n${n}`, 'pika-turbo-text-to-video', n] as const);
    const { id } = h.engine.startRun({ graph: graphOf(nodes.map((n) => [...n])) });
    for (let finished = 0; finished < nodes.length; finished++) {
      // The engine fills every free slot; the fake records the most jobs it ever saw open at once.
      await h.fake.until(() => h.fake.jobs.length >= Math.min(finished + 2, nodes.length));
      h.fake.finish(h.fake.open[0].id);
    }
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('completed');
    expect(h.fake.maxOpen).toBe(2);
    // Only a local target: a preview, free, showing what fal would have charged.
    expect({ engine: run.engine, cost: run.cost, estimate: run.estimate }).toEqual({
      engine: 'local',
      cost: 0,
      estimate: 1,
    });
  });

  it("a cancel issued as the last node's node.completed is emitted leaves the run completed, paid in full", async () => {
    h = await engineOnFake({ paid: true });
    const { id } = h.engine.startRun({
      graph: graphOf(
        [
          ['a', 'pika-turbo-text-to-video', 1],
          ['s', 'pika-pikaswaps'],
        ],
        [['a', 's']],
      ),
    });
    let cancelled: Promise<boolean> | undefined;
    h.engine.subscribe(id, (e) => {
      if (e.type === 'node.completed' && e.nodeId === 's') cancelled = h.engine.cancelRun(id);
    });
    await h.fake.until(() => h.fake.jobs.length === 1);
    h.fake.finish(h.fake.jobs[0].id);
    await h.fake.until(() => at(SWAPS).length === 1);
    h.fake.finish(at(SWAPS)[0].id);
    const run = await h.engine.waitForRun(id);
    expect(cancelled).toBeDefined();
    await cancelled;
    expect(run.status).toBe('completed');
    expect(run.cost).toBe(0.5);
    expect(run.cost).toBe(nodeCosts(id));
    expect(h.engine.store.runs.events(id).map((e) => e.type)).not.toContain('run.cancelled');
    expect(h.fake.cancels).toEqual([]);
  });

  it('a cancel arriving after fal reported the last job complete still counts what fal billed', async () => {
    // fal said COMPLETED for s (so it bills, and the receipt book records the price against this run) and the cancel
    // lands while its result is being fetched. Whatever the run's final status, its cost must include that money:
    // a later run of the same graph gets s for free, so no run would ever show the $0.30.
    h = await engineOnFake({ paid: true });
    const { id } = h.engine.startRun({
      graph: graphOf(
        [
          ['a', 'pika-turbo-text-to-video', 1],
          ['s', 'pika-pikaswaps'],
        ],
        [['a', 's']],
      ),
    });
    let cancelled: Promise<boolean> | undefined;
    h.fake.onResult = (job) => {
      if (job.endpoint === SWAPS) cancelled = h.engine.cancelRun(id);
    };
    await h.fake.until(() => h.fake.jobs.length === 1);
    h.fake.finish(h.fake.jobs[0].id);
    await h.fake.until(() => at(SWAPS).length === 1);
    h.fake.finish(at(SWAPS)[0].id);
    const run = await h.engine.waitForRun(id);
    await cancelled;
    const billed = h.engine.store.db.prepare('SELECT SUM(cost) FROM fal_jobs WHERE cost_run = ?').pluck().get(id);
    expect(billed).toBe(0.5);
    expect(run.cost).toBe(billed);
    expect(run.cost).toBe(nodeCosts(id));
  });

  it('a cancel mid-run cancels the open requests at fal and marks everything unfinished cancelled', async () => {
    h = await engineOnFake({ paid: true });
    const { id } = h.engine.startRun({
      graph: graphOf(
        [
          ['a', 'pika-turbo-text-to-video', 1],
          ['s', 'pika-pikaswaps'],
          ['c', 'pika-turbo-text-to-video', 2],
        ],
        [['a', 's']],
      ),
    });
    await h.fake.until(() => h.fake.jobs.length === 2);
    await eventOf(h.engine, id, (e) => e.type === 'node.submitted' && e.nodeId === 'c');
    await eventOf(h.engine, id, (e) => e.type === 'node.submitted' && e.nodeId === 'a');
    expect(await h.engine.cancelRun(id)).toBe(true);
    const run = await h.engine.waitForRun(id);
    expect(run.status).toBe('cancelled');
    expect([...h.fake.cancels].sort()).toEqual(h.fake.jobs.map((j) => j.id).sort());
    expect(h.fake.jobs.map((j) => j.state)).toEqual(['cancelled', 'cancelled']);
    expect(run.nodes.a).toMatchObject({ state: 'cancelled', log: expect.stringMatching(/may still be billed/) });
    expect(run.nodes.c.state).toBe('cancelled');
    expect(run.nodes.s).toMatchObject({ state: 'cancelled' });
    expect(run.nodes.s.log).toBeUndefined(); // never reached fal: nothing to warn about
    expect(run.cost).toBe(0);
  });

  it('the same fingerprint needed by two concurrent runs is submitted once', async () => {
    h = await engineOnFake({ paid: true });
    const graph = graphOf([['a', 'pika-turbo-text-to-video', 7]]);
    const first = h.engine.startRun({ graph });
    const second = h.engine.startRun({ graph });
    await h.fake.until(() => h.fake.jobs.length === 1);
    h.fake.finish(h.fake.jobs[0].id);
    // A second submit would stay open for ever: stop waiting on the runs as soon as one shows up.
    const both = Promise.all([h.engine.waitForRun(first.id), h.engine.waitForRun(second.id)]);
    await Promise.race([both, h.fake.until(() => h.fake.jobs.length > 1)]);
    expect(h.fake.jobs).toHaveLength(1);
    const [one, two] = await both;
    expect([one.status, two.status]).toEqual(['completed', 'completed']);
    expect(
      h.engine.store.runs
        .events(second.id)
        .some((e) => e.type === 'node.progress' && /Another run/.test(e.logs.join())),
    ).toBe(true);
    expect(one.nodes.a).toMatchObject({ state: 'done', cost: 0.2 });
    expect(two.nodes.a).toMatchObject({ state: 'cached', cost: 0 }); // paid once, by the run that made it
    expect(two.nodes.a.outputs).toEqual(one.nodes.a.outputs);
  });
});
