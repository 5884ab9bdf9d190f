import type { RunDetail } from '../../shared/api.ts';
import { stateAfter, type RunEvent } from '../../shared/events.ts';
import type { RunView } from './types.ts';

/** A fresh view of a run that has just been started (every node pending until events say otherwise). */
export function emptyRun(id: string): RunView {
  return { id, status: 'queued', nodes: {}, cost: 0, lastSeq: 0 };
}

/** A run loaded by id (after a reload): its stored node states are the starting point; events then continue it. */
export function runFromDetail(detail: RunDetail): RunView {
  return { id: detail.id, status: detail.status, nodes: { ...detail.nodes }, cost: detail.cost, lastSeq: 0 };
}

/** Pure: the run after one event. Events at or below `lastSeq` were seen already (SSE replays on reconnect). */
export function applyRunEvent(run: RunView, ev: RunEvent, nowMs = Date.now()): RunView {
  if (ev.runId !== run.id || (ev.seq > 0 && ev.seq <= run.lastSeq)) return run;
  const next: RunView = { ...run, lastSeq: Math.max(run.lastSeq, ev.seq) };
  if (ev.type.startsWith('run.')) return applyRunLevel(next, ev);
  if (!('nodeId' in ev)) return next;
  const prev = run.nodes[ev.nodeId] ?? { state: 'pending' };
  const node = { ...prev, state: stateAfter(ev) ?? prev.state };
  if (ev.type === 'node.queued') node.position = ev.position;
  if (ev.type === 'node.submitted') Object.assign(node, { requestId: ev.requestId, endpoint: ev.endpoint });
  if (ev.type === 'node.started') Object.assign(node, { startedAtMs: nowMs, position: undefined });
  if (ev.type === 'node.progress') {
    node.log = ev.logs.at(-1) ?? node.log;
    node.startedAtMs ??= nowMs;
  }
  if (ev.type === 'node.retrying') Object.assign(node, { attempt: ev.attempt, log: `Retrying: ${ev.message}` });
  if (ev.type === 'node.completed' || ev.type === 'node.cached') {
    node.outputs = ev.outputs;
    node.error = undefined;
  }
  if (ev.type === 'node.completed') Object.assign(node, { cost: ev.cost, log: undefined });
  if (ev.type === 'node.failed') node.error = { kind: ev.kind, message: ev.message, field: ev.field };
  if (ev.type === 'node.skipped') node.log = ev.reason;
  return { ...next, nodes: { ...run.nodes, [ev.nodeId]: node } };
}

function applyRunLevel(run: RunView, ev: RunEvent): RunView {
  if (ev.type === 'run.started') {
    const nodes = { ...run.nodes };
    for (const id of ev.nodes) nodes[id] ??= { state: 'pending' };
    return { ...run, status: 'running', nodes };
  }
  if (ev.type === 'run.completed') return { ...run, status: 'completed', cost: ev.cost };
  if (ev.type === 'run.failed') return { ...run, status: 'failed', cost: ev.cost, message: ev.message };
  if (ev.type === 'run.cancelled') return { ...run, status: 'cancelled' };
  return { ...run, status: 'queued' };
}
