import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from '../../shared/events.ts';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { applyRunEvent, emptyRun } from '../../client/store/run-state.ts';

let seq = 0;
const ev = (body: RunEventBody, runId = 'r1'): RunEvent => ({ ...body, seq: ++seq, runId, at: new Date().toISOString() });

describe('applying run events', () => {
  it('moves nodes through their states with position, log, outputs, error', () => {
    const store = createEditorStore();
    store.getState().setRun(emptyRun('r1'));
    const apply = (b: RunEventBody) => store.getState().applyEvent(ev(b));
    apply({ type: 'run.started', nodes: ['a', 'b', 'c'] });
    expect(store.getState().run!.status).toBe('running');
    apply({ type: 'node.cached', nodeId: 'a', outputs: { text: 'hi' } });
    apply({ type: 'node.queued', nodeId: 'b', position: 3 });
    expect(store.getState().run!.nodes.b).toMatchObject({ state: 'queued', position: 3 });
    apply({ type: 'node.started', nodeId: 'b' });
    apply({ type: 'node.progress', nodeId: 'b', logs: ['step 1', 'step 2'] });
    expect(store.getState().run!.nodes.b).toMatchObject({ state: 'running', log: 'step 2' });
    expect(store.getState().run!.nodes.b.startedAtMs).toBeTypeOf('number');
    apply({ type: 'node.completed', nodeId: 'b', outputs: { video: '/media/x.mp4' }, cost: 0.2, ms: 10 });
    apply({ type: 'node.failed', nodeId: 'c', kind: 'validation', message: 'bad seed', field: 'seed' });
    apply({ type: 'run.failed', message: 'c failed', cost: 0.2 });
    const run = store.getState().run!;
    expect(run.nodes.a.state).toBe('cached');
    expect(run.nodes.b).toMatchObject({ state: 'done', outputs: { video: '/media/x.mp4' }, cost: 0.2 });
    expect(run.nodes.c).toMatchObject({ state: 'failed', error: { kind: 'validation', field: 'seed' } });
    expect(run).toMatchObject({ status: 'failed', cost: 0.2, message: 'c failed' });
  });

  it('ignores replayed and foreign events', () => {
    const run = applyRunEvent(emptyRun('r2'), ev({ type: 'node.started', nodeId: 'x' }, 'r2'));
    const replay = { ...ev({ type: 'node.queued', nodeId: 'x', position: 1 }, 'r2'), seq: run.lastSeq };
    expect(applyRunEvent(run, replay)).toBe(run);
    expect(applyRunEvent(run, ev({ type: 'run.cancelled' }, 'other'))).toBe(run);
  });
});
