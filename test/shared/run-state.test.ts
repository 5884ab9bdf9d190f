import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from '../../shared/events.ts';
import { TERMINAL_NODE, TERMINAL_RUN } from '../../shared/events.ts';
import { initialRun, reduceNode, reduceRun, sumCost, type RunState } from '../../shared/run-state.ts';

/** The shared reducer on its own: pure, so every case is a fold over hand-written (or random) events. */

const AT = '2025-01-01T00:00:00.000Z';
let seq = 0;
/** A stored event of run `r` with the next sequence number (each test builds a fresh run, so order is all that matters). */
const ev = (body: RunEventBody, runId = 'r'): RunEvent => ({ ...body, seq: ++seq, runId, at: AT });
const fold = (events: RunEvent[], run: RunState = initialRun('r')) => events.reduce(reduceRun, run);
/** `run` then `events`; arguments evaluate left to right, so the run's own events get the lower sequence numbers. */
const on = (run: RunState, ...events: RunEvent[]) => events.reduce(reduceRun, run);
const started = (...nodes: string[]) => fold([ev({ type: 'run.queued' }), ev({ type: 'run.started', nodes })]);
const done = (nodeId: string, cost: number): RunEventBody => ({
  type: 'node.completed',
  nodeId,
  outputs: { video: `/media/${nodeId}.mp4` },
  cost,
  ms: 5,
});

describe('reduceNode: one transition per event type', () => {
  const running = { state: 'running' as const, startedAt: 'earlier', log: 'old line', position: 3 };
  it.each<[string, RunEventBody, object]>([
    [
      'cached',
      { type: 'node.cached', nodeId: 'a', outputs: { video: '/media/x.mp4' }, fingerprint: 'fp' },
      {
        state: 'cached',
        outputs: { video: '/media/x.mp4' },
        cost: 0,
        fingerprint: 'fp',
        log: undefined,
        position: undefined,
        endedAt: AT,
      },
    ],
    [
      'submitted',
      { type: 'node.submitted', nodeId: 'a', requestId: 'req', endpoint: 'fal-ai/x', attempt: 2 },
      { state: 'queued', requestId: 'req', endpoint: 'fal-ai/x', attempt: 2, startedAt: 'earlier', submittedAt: AT },
    ],
    ['queued', { type: 'node.queued', nodeId: 'a', position: 7 }, { state: 'queued', position: 7 }],
    ['started', { type: 'node.started', nodeId: 'a' }, { state: 'running', position: undefined, startedAt: 'earlier' }],
    ['progress', { type: 'node.progress', nodeId: 'a', logs: ['one', 'two'] }, { state: 'running', log: 'two' }],
    ['progress without lines', { type: 'node.progress', nodeId: 'a', logs: [] }, { state: 'running', log: 'old line' }],
    [
      'retrying',
      { type: 'node.retrying', nodeId: 'a', attempt: 3, message: '503' },
      { state: 'running', attempt: 3, log: 'Retrying: 503' },
    ],
    [
      'completed (preview, with estimate)',
      { ...done('a', 0), estimate: 0.2 } as RunEventBody,
      {
        state: 'done',
        cost: 0,
        estimate: 0.2,
        outputs: { video: '/media/a.mp4' },
        log: undefined,
        position: undefined,
        endedAt: AT,
      },
    ],
    [
      'failed after fal billed it',
      { type: 'node.failed', nodeId: 'a', kind: 'transient', message: 'download 503', cost: 0.2, requestId: 'req' },
      {
        state: 'failed',
        error: { kind: 'transient', message: 'download 503' },
        cost: 0.2,
        requestId: 'req',
        position: undefined,
        endedAt: AT,
      },
    ],
    [
      'failed on a field',
      { type: 'node.failed', nodeId: 'a', kind: 'validation', message: 'bad', field: 'prompt' },
      { state: 'failed', error: { kind: 'validation', message: 'bad', field: 'prompt' }, endedAt: AT },
    ],
    [
      'uncertain',
      { type: 'node.uncertain', nodeId: 'a', endpoint: 'fal-ai/x', submittedAt: 'then', message: 'may exist' },
      {
        state: 'uncertain',
        endpoint: 'fal-ai/x',
        submittedAt: 'then',
        log: 'may exist',
        position: undefined,
        endedAt: AT,
      },
    ],
    [
      'skipped',
      { type: 'node.skipped', nodeId: 'a', reason: '"b" did not finish' },
      { state: 'skipped', log: '"b" did not finish', endedAt: AT },
    ],
    [
      'cancelled with a note',
      { type: 'node.cancelled', nodeId: 'a', note: 'may still be billed' },
      { state: 'cancelled', log: 'may still be billed', endedAt: AT },
    ],
    [
      'cancelled without a note keeps the last line',
      { type: 'node.cancelled', nodeId: 'a' },
      { state: 'cancelled', log: 'old line' },
    ],
  ])('%s', (_name, body, expected) => {
    expect(reduceNode(running, { ...body, at: AT })).toMatchObject(expected);
  });

  it('a node nothing happened to is pending; run-level events leave a record alone', () => {
    expect(reduceNode(undefined, { type: 'node.queued', nodeId: 'a', position: 1 })).toMatchObject({ state: 'queued' });
    const rec = { state: 'running' as const };
    expect(reduceNode(rec, { type: 'run.cancelled' })).toBe(rec);
  });

  it('terminal states are final: a late cancel leaves a done node done, with its cost', () => {
    const paid = reduceNode(undefined, done('a', 0.2));
    for (const late of [
      { type: 'node.cancelled', nodeId: 'a', note: 'x' },
      { type: 'node.failed', nodeId: 'a', kind: 'fal', message: 'x' },
      { type: 'node.progress', nodeId: 'a', logs: ['x'] },
      done('a', 9),
    ] as RunEventBody[])
      expect(reduceNode(paid, late)).toBe(paid);
    expect(paid).toMatchObject({ state: 'done', cost: 0.2 });
  });
});

describe('reduceRun', () => {
  it('replays (seq ≤ lastSeq) and events of other runs change nothing', () => {
    const run = started('a');
    const e = ev(done('a', 0.2));
    const after = reduceRun(run, e);
    expect(reduceRun(after, e)).toBe(after);
    expect(reduceRun(after, { ...e, seq: 1 })).toBe(after);
    expect(reduceRun(run, ev(done('a', 0.2), 'other'))).toBe(run);
  });

  it('run cost is the sum of its nodes, billed failures included; a preview spends nothing', () => {
    const run = on(
      started('a', 'b', 'c', 'd'),
      ev(done('a', 0.2)),
      ev({ type: 'node.failed', nodeId: 'b', kind: 'transient', message: 'dl', cost: 0.3 }),
      ev({ type: 'node.cached', nodeId: 'c', outputs: {} }),
      ev({ ...done('d', 0), estimate: 0.45 } as RunEventBody),
    );
    expect(run.cost).toBe(0.5);
    expect(run.cost).toBe(sumCost(run.nodes));
  });

  it('a late run.cancelled after run.completed leaves it completed with its cost; completion copies outputs onto nodes', () => {
    const run = on(
      started('a', 'out'),
      ev(done('a', 0.2)),
      ev(done('out', 0)),
      ev({ type: 'run.completed', outputs: { out: { in: '/media/run-copy.mp4' } }, cost: 0.2 }),
      ev({ type: 'run.cancelled' }),
      ev({ type: 'node.cancelled', nodeId: 'a', note: 'late' }),
    );
    expect(run).toMatchObject({ status: 'completed', cost: 0.2 });
    expect(run.nodes.out.outputs).toEqual({ in: '/media/run-copy.mp4' });
    expect(run.nodes.a).toMatchObject({ state: 'done', cost: 0.2, outputs: { video: '/media/a.mp4' } });
  });

  it('run.failed records its message, a preview its estimate; run.queued names the engine', () => {
    expect(fold([ev({ type: 'run.queued', engine: 'local' })])).toMatchObject({ engine: 'local', status: 'queued' });
    expect(
      on(started('a'), ev({ type: 'run.failed', message: '1 node failed', cost: 0, estimate: 0.4 })),
    ).toMatchObject({ status: 'failed', message: '1 node failed', estimate: 0.4 });
  });

  it('a run whose nodes all completed is completed whatever a late cancel says', () => {
    // The race issue 10 names: the last node.completed, then a cancel, then the run's completion, in that order.
    const run = on(
      started('a'),
      ev(done('a', 0.2)),
      ev({ type: 'run.cancelled' }),
      ev({ type: 'run.completed', outputs: {}, cost: 0.2 }),
    );
    expect(run).toMatchObject({ status: 'completed', cost: 0.2 });
  });
});

describe('reduceRun over random event sequences', () => {
  const nodeId = fc.constantFrom('a', 'b', 'c');
  const cost = fc.constantFrom(0, 0.2, 0.3, 0.45);
  const outputs = fc.constantFrom<Record<string, string>>({}, { video: '/media/v.mp4' });
  const body: fc.Arbitrary<RunEventBody> = fc.oneof(
    fc.record({ type: fc.constant('run.queued' as const), engine: fc.constantFrom('fal' as const, 'local' as const) }),
    fc.record({ type: fc.constant('run.started' as const), nodes: fc.subarray(['a', 'b', 'c']) }),
    fc.record({ type: fc.constant('run.completed' as const), outputs: fc.dictionary(nodeId, outputs), cost }),
    fc.record({ type: fc.constant('run.failed' as const), message: fc.constant('boom'), cost }),
    fc.constant({ type: 'run.cancelled' as const }),
    fc.record({ type: fc.constant('node.cached' as const), nodeId, outputs }),
    fc.record({
      type: fc.constant('node.submitted' as const),
      nodeId,
      requestId: fc.constantFrom('r1', 'r2'),
      endpoint: fc.constant('fal-ai/x'),
    }),
    fc.record({ type: fc.constant('node.queued' as const), nodeId, position: fc.nat(5) }),
    fc.record({ type: fc.constant('node.started' as const), nodeId }),
    fc.record({
      type: fc.constant('node.progress' as const),
      nodeId,
      logs: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }),
    }),
    fc.record({ type: fc.constant('node.retrying' as const), nodeId, attempt: fc.nat(4), message: fc.constant('503') }),
    fc.record(
      { type: fc.constant('node.completed' as const), nodeId, outputs, cost, ms: fc.nat(100) },
      { requiredKeys: ['type', 'nodeId', 'outputs', 'cost', 'ms'] },
    ),
    fc.record(
      {
        type: fc.constant('node.failed' as const),
        nodeId,
        kind: fc.constantFrom('fal' as const, 'transient' as const),
        message: fc.constant('no'),
        cost,
      },
      { requiredKeys: ['type', 'nodeId', 'kind', 'message'] },
    ),
    fc.record({
      type: fc.constant('node.uncertain' as const),
      nodeId,
      endpoint: fc.constant('fal-ai/x'),
      submittedAt: fc.constant(AT),
      message: fc.constant('?'),
    }),
    fc.record({ type: fc.constant('node.skipped' as const), nodeId, reason: fc.constant('up failed') }),
    fc.record(
      { type: fc.constant('node.cancelled' as const), nodeId, note: fc.constant('billed?') },
      { requiredKeys: ['type', 'nodeId'] },
    ),
  );
  // Sequence numbers are drawn, not counted: duplicates and out-of-order ones are the replays a reconnect produces.
  const event = fc
    .record({ body, seq: fc.integer({ min: 1, max: 40 }), foreign: fc.boolean() })
    .map(({ body, seq, foreign }): RunEvent => ({ ...body, seq, runId: foreign ? 'other' : 'r', at: AT }));

  it('never moves a node or the run out of a terminal state; replaying gives the same state', () => {
    // Every random test prints its seed: FC_SEED=<seed> reruns exactly the failing sequences.
    const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`run-state property seed: ${seed} (rerun with FC_SEED=${seed})`);
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let run = initialRun('r');
        for (const e of events) {
          const next = reduceRun(run, e);
          for (const [id, rec] of Object.entries(run.nodes))
            if (TERMINAL_NODE.includes(rec.state))
              expect([id, next.nodes[id].state, next.nodes[id].cost]).toEqual([id, rec.state, rec.cost]);
          if (TERMINAL_RUN.includes(run.status)) expect(next.status).toBe(run.status);
          if (e.runId !== 'r' || e.seq <= run.lastSeq) expect(next).toBe(run);
          // Until a run.completed/failed states the final figure, the run's money is what its nodes recorded.
          if (!['completed', 'failed'].includes(next.status)) expect(next.cost).toBe(sumCost(next.nodes));
          run = next;
        }
        expect(fold(events)).toEqual(run); // pure: the same events give the same state
        expect(fold(events, run)).toBe(run); // a replay of everything already applied changes nothing
        expect(fold(events.filter((e) => e.runId === 'r'))).toEqual(run); // other runs' events never mattered
      }),
      { seed, numRuns: 1000 },
    );
  });
});
