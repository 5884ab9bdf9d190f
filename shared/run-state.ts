import type { NodeRunState } from './api.ts';
import type { EngineKind, RunEvent, RunEventBody, RunStatus } from './events.ts';
import { TERMINAL_RUN } from './events.ts';
import { type At, reduceNode } from './node-state.ts';
import { sumCost } from './run-money.ts';
import { reduceTake, takeTotals } from './take-state.ts';

/**
 * The one owner of run and node state (design.md §3): the engine persists what these return, the editor and the CLI
 * render what they return. Pure: the same events give the same state everywhere, replayed or live.
 * The node reducer (node-state.ts), the takes' (take-state.ts) and the money sums (run-money.ts) live in their own
 * files; reduceNode and the sums are exported from here too, so the engine, editor and CLI keep importing one module.
 */
export { reduceNode } from './node-state.ts';
export { sumCost, sumEstimate } from './run-money.ts';

/** A run as the reducer sees it; `lastSeq` makes replays (SSE reconnects) harmless. */
export interface RunState {
  id: string;
  status: RunStatus;
  engine: EngineKind;
  /** Money spent so far (sum of node costs; previews 0). */
  cost: number;
  /** Preview runs: what the run would cost on fal. */
  estimate?: number;
  message?: string;
  nodes: Record<string, NodeRunState>;
  lastSeq: number;
}

/** A run nothing has happened to yet. */
export function initialRun(id: string, engine: EngineKind = 'fal'): RunState {
  return { id, status: 'queued', engine, cost: 0, nodes: {}, lastSeq: 0 };
}

/**
 * A run after one event. Events of another run or already applied (seq ≤ lastSeq) change nothing. A terminal status
 * is final: a cancel that arrives after the run completed leaves it completed, with the cost its nodes recorded.
 */
export function reduceRun(
  run: RunState,
  event: RunEvent | (RunEventBody & At & { seq?: number; runId?: string }),
): RunState {
  if ((event.runId !== undefined && event.runId !== run.id) || (event.seq && event.seq <= run.lastSeq)) return run;
  const next: RunState = { ...run, lastSeq: Math.max(run.lastSeq, event.seq ?? 0) };
  // An ended run is history: nothing after its terminal event changes its nodes or its cost.
  if (TERMINAL_RUN.includes(run.status)) return next;
  if ('nodeId' in event) {
    const before = run.nodes[event.nodeId];
    const node = event.take === undefined ? reduceNode(before, event) : reduceTake(before, event.take, event);
    if (node === before) return next;
    const nodes = { ...run.nodes, [event.nodeId]: node.takes ? takeTotals(node) : node };
    return { ...next, nodes, cost: sumCost(nodes) };
  }
  switch (event.type) {
    case 'run.queued':
      return { ...next, status: 'queued', ...(event.engine ? { engine: event.engine } : {}) };
    case 'run.started': {
      const nodes = { ...run.nodes };
      for (const id of event.nodes) nodes[id] ??= { state: 'pending' };
      return { ...next, status: 'running', nodes };
    }
    case 'run.completed': {
      // Output nodes' values become the run's own copies (stamped with provenance) announced with the completion.
      const nodes = { ...run.nodes };
      for (const [id, outputs] of Object.entries(event.outputs)) if (nodes[id]) nodes[id] = { ...nodes[id], outputs };
      return { ...next, status: 'completed', cost: event.cost, nodes, ...est(event.estimate) };
    }
    case 'run.failed':
      return { ...next, status: 'failed', cost: event.cost, message: event.message, ...est(event.estimate) };
    case 'run.cancelled': {
      // A run whose nodes all finished well is completed, whatever a late cancel says (its completion follows).
      const states = Object.values(run.nodes).map((n) => n.state);
      if (states.length && states.every((s) => s === 'done' || s === 'cached')) return next;
      return { ...next, status: 'cancelled' };
    }
  }
  return next;
}

const est = (estimate?: number) => (estimate !== undefined ? { estimate } : {});
