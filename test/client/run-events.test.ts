import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { RunEvent, RunEventBody } from '../../shared/events.ts';
import { reduceRun } from '../../shared/run-state.ts';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { applyRunEvent, emptyRun, runFromDetail } from '../../client/store/run-state.ts';

let seq = 0;
const ev = (body: RunEventBody, runId = 'r1'): RunEvent => ({
  ...body,
  seq: ++seq,
  runId,
  at: new Date(1_700_000_000_000 + seq).toISOString(),
});

/** Feeds events through the editor store, as the SSE handler does. */
function storeWithRun(id: string, engine: 'fal' | 'local' = 'fal') {
  const store = createEditorStore();
  store.getState().setRun(emptyRun(id, engine));
  return {
    store,
    apply: (b: RunEventBody) => store.getState().applyEvent(ev(b, id)),
    run: () => store.getState().run!,
  };
}

describe('applying run events', () => {
  it('moves nodes through their states with position, log, outputs, error', () => {
    const { apply, run } = storeWithRun('r1');
    apply({ type: 'run.started', nodes: ['a', 'b', 'c'] });
    expect(run().status).toBe('running');
    apply({ type: 'node.cached', nodeId: 'a', outputs: { text: 'hi' } });
    apply({ type: 'node.queued', nodeId: 'b', position: 3 });
    expect(run().nodes.b).toMatchObject({ state: 'queued', position: 3 });
    apply({ type: 'node.started', nodeId: 'b' });
    apply({ type: 'node.progress', nodeId: 'b', logs: ['step 1', 'step 2'] });
    expect(run().nodes.b).toMatchObject({ state: 'running', log: 'step 2' });
    // The elapsed counter reads the reducer's ISO start time.
    expect(Date.parse(run().nodes.b.startedAt!)).not.toBeNaN();
    apply({ type: 'node.completed', nodeId: 'b', outputs: { video: '/media/x.mp4' }, cost: 0.2, ms: 10 });
    apply({ type: 'node.failed', nodeId: 'c', kind: 'validation', message: 'bad seed', field: 'seed' });
    apply({ type: 'run.failed', message: 'c failed', cost: 0.2 });
    const r = run();
    expect(r.nodes.a.state).toBe('cached');
    expect(r.nodes.b).toMatchObject({ state: 'done', outputs: { video: '/media/x.mp4' }, cost: 0.2 });
    expect(r.nodes.c).toMatchObject({ state: 'failed', error: { kind: 'validation', field: 'seed' } });
    expect(r).toMatchObject({ status: 'failed', cost: 0.2, message: 'c failed' });
  });

  it('is exactly the shared reducer: the editor holds what reduceRun returns', () => {
    const events = [
      ev({ type: 'run.queued', engine: 'fal' }, 'r9'),
      ev({ type: 'run.started', nodes: ['a'] }, 'r9'),
      ev({ type: 'node.started', nodeId: 'a' }, 'r9'),
      ev({ type: 'node.completed', nodeId: 'a', outputs: { video: '/media/a.mp4' }, cost: 0.45, ms: 5 }, 'r9'),
      ev({ type: 'run.completed', outputs: {}, cost: 0.45 }, 'r9'),
    ];
    const store = createEditorStore();
    store.getState().setRun(emptyRun('r9'));
    for (const e of events) store.getState().applyEvent(e);
    expect(store.getState().run).toEqual(events.reduce(reduceRun, emptyRun('r9')));
  });

  it('ignores replayed and foreign events', () => {
    const run = applyRunEvent(emptyRun('r2'), ev({ type: 'node.started', nodeId: 'x' }, 'r2'));
    const replay = { ...ev({ type: 'node.queued', nodeId: 'x', position: 1 }, 'r2'), seq: run.lastSeq };
    expect(applyRunEvent(run, replay)).toBe(run);
    expect(applyRunEvent(run, ev({ type: 'run.cancelled' }, 'other'))).toBe(run);
  });

  it('keeps a completed run completed when a cancel arrives late, with the cost its nodes recorded', () => {
    const { apply, run } = storeWithRun('r3');
    apply({ type: 'run.started', nodes: ['a'] });
    apply({ type: 'node.completed', nodeId: 'a', outputs: { video: '/media/a.mp4' }, cost: 0.2, ms: 5 });
    apply({ type: 'run.completed', outputs: {}, cost: 0.2 });
    apply({ type: 'node.cancelled', nodeId: 'a' });
    apply({ type: 'run.cancelled' });
    expect(run()).toMatchObject({ status: 'completed', cost: 0.2 });
    expect(run().nodes.a.state).toBe('done');
  });

  it('shows a submit with an unknown outcome as "may exist on fal", with endpoint and time', () => {
    const { apply, run } = storeWithRun('r4');
    apply({ type: 'run.started', nodes: ['a', 'b'] });
    apply({ type: 'node.started', nodeId: 'a' });
    const submittedAt = '2026-11-26T12:00:00.000Z';
    apply({
      type: 'node.uncertain',
      nodeId: 'a',
      endpoint: 'fal-ai/pika/v2.2/text-to-video',
      submittedAt,
      message: 'socket hang up',
    });
    apply({ type: 'node.skipped', nodeId: 'b', reason: 'an input may still be on fal' });
    // A late event for the unsure node does not move it: it stays for the designer to decide.
    apply({ type: 'node.cancelled', nodeId: 'a' });
    expect(run().nodes.a).toMatchObject({
      state: 'uncertain',
      endpoint: 'fal-ai/pika/v2.2/text-to-video',
      submittedAt,
    });
    expect(run().nodes.b.state).toBe('skipped');
    expect(run().cost).toBe(0);
  });

  it('records a billed failure (fal charged, the download failed) as money spent', () => {
    const { apply, run } = storeWithRun('r5');
    apply({
      type: 'node.failed',
      nodeId: 'a',
      kind: 'transient',
      message: 'download failed',
      cost: 0.2,
      requestId: 'req-1',
    });
    expect(run().nodes.a).toMatchObject({ state: 'failed', cost: 0.2, requestId: 'req-1' });
    expect(run().cost).toBe(0.2);
  });

  it("keeps a preview's estimate apart from money spent", () => {
    const { apply, run } = storeWithRun('r6', 'local');
    apply({ type: 'run.queued', engine: 'local' });
    apply({ type: 'run.started', nodes: ['a'] });
    apply({ type: 'node.completed', nodeId: 'a', outputs: { video: '/media/a.mp4' }, cost: 0, ms: 5, estimate: 0.2 });
    apply({ type: 'run.completed', outputs: {}, cost: 0, estimate: 0.2 });
    expect(run()).toMatchObject({ engine: 'local', status: 'completed', cost: 0, estimate: 0.2 });
    expect(run().nodes.a).toMatchObject({ cost: 0, estimate: 0.2 });
  });

  it('labels a run by the engine its events name, and a loaded run by its stored engine', () => {
    expect(applyRunEvent(emptyRun('r7'), ev({ type: 'run.queued', engine: 'local' }, 'r7')).engine).toBe('local');
    const detail = {
      id: 'r8',
      status: 'completed',
      engine: 'local',
      createdAt: '',
      cost: 0,
      estimate: 0.4,
      outputs: {},
      nodes: {},
    } as unknown as RunDetail;
    expect(runFromDetail(detail)).toMatchObject({
      engine: 'local',
      status: 'completed',
      cost: 0,
      estimate: 0.4,
      lastSeq: 0,
    });
  });
});
