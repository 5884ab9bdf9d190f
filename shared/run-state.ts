import type { NodeRunState } from './api.ts';
import type { EngineKind, RunEvent, RunEventBody, RunStatus } from './events.ts';
import { stateAfter, TERMINAL_NODE, TERMINAL_RUN } from './events.ts';

/**
 * The one owner of run and node state (design.md §3): the engine persists what these return, the editor and the CLI
 * render what they return. Pure: the same events give the same state everywhere, replayed or live.
 */

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

type At = { at?: string };

/**
 * A node after one event. A terminal node state is final within a run: a late `node.cancelled` never turns a done
 * (paid) node into a cancelled one.
 */
export function reduceNode(record: NodeRunState | undefined, event: RunEventBody & At): NodeRunState {
  const prev: NodeRunState = record ?? { state: 'pending' };
  if (!('nodeId' in event)) return prev;
  if (TERMINAL_NODE.includes(prev.state)) return prev;
  const at = event.at;
  const next: NodeRunState = { ...prev, state: stateAfter(event) ?? prev.state };
  switch (event.type) {
    case 'node.cached':
      return {
        ...next,
        outputs: event.outputs,
        cost: 0,
        error: undefined,
        log: undefined,
        position: undefined,
        ...fp(event.fingerprint),
        endedAt: at,
      };
    case 'node.submitted':
      return {
        ...next,
        requestId: event.requestId,
        endpoint: event.endpoint,
        ...(event.attempt ? { attempt: event.attempt } : {}),
        ...fp(event.fingerprint),
        startedAt: prev.startedAt ?? at,
        submittedAt: at,
      };
    case 'node.queued':
      return { ...next, position: event.position };
    case 'node.started':
      return { ...next, position: undefined, ...fp(event.fingerprint), startedAt: prev.startedAt ?? at };
    case 'node.progress':
      return { ...next, log: event.logs.at(-1) ?? prev.log, startedAt: prev.startedAt ?? at };
    case 'node.retrying':
      return { ...next, attempt: event.attempt, log: `Retrying: ${event.message}` };
    case 'node.completed':
      return {
        ...next,
        outputs: event.outputs,
        cost: event.cost,
        ...(event.estimate !== undefined ? { estimate: event.estimate } : {}),
        error: undefined,
        log: undefined,
        position: undefined,
        ...fp(event.fingerprint),
        endedAt: at,
      };
    case 'node.failed':
      return {
        ...next,
        error: { kind: event.kind, message: event.message, ...(event.field ? { field: event.field } : {}) },
        ...(event.cost !== undefined ? { cost: event.cost } : {}),
        ...(event.requestId ? { requestId: event.requestId } : {}),
        position: undefined,
        endedAt: at,
      };
    case 'node.uncertain':
      return {
        ...next,
        endpoint: event.endpoint,
        submittedAt: event.submittedAt,
        log: event.message,
        position: undefined,
        endedAt: at,
      };
    case 'node.skipped':
      return { ...next, log: event.reason, endedAt: at };
    case 'node.cancelled':
      return { ...next, position: undefined, ...(event.note ? { log: event.note } : {}), endedAt: at };
  }
  return next;
}

const fp = (fingerprint?: string) => (fingerprint ? { fingerprint } : {});

/**
 * A node with takes after an event about one of them: the take's own record moves as a node's would, and the node is
 * running while any take runs. Only the engine's event for the node itself (once every take settled) ends it.
 */
function reduceTake(record: NodeRunState | undefined, take: number, event: RunEventBody & At): NodeRunState {
  const prev: NodeRunState = record ?? { state: 'pending' };
  if (TERMINAL_NODE.includes(prev.state) || take < 0 || take >= 64) return prev;
  const takes = Array.from({ length: Math.max(take + 1, prev.takes?.length ?? 0) }, (_, i) => {
    return prev.takes?.[i] ?? { state: 'pending' as const };
  });
  const one = reduceNode(takes[take], event);
  if (one === prev.takes?.[take]) return prev;
  takes[take] = one;
  const states = takes.map((t) => t.state);
  const state = states.includes('running') ? 'running' : states.includes('queued') ? 'queued' : prev.state;
  return { ...prev, state, takes, startedAt: prev.startedAt ?? event.at };
}

/** A node's money is its takes' money; once the node ended, a take still going never will (it was cancelled). */
function takeTotals(node: NodeRunState): NodeRunState {
  const takes = node.takes!;
  const ended = TERMINAL_NODE.includes(node.state);
  const estimates = takes.filter((t) => t.estimate !== undefined);
  return {
    ...node,
    cost: usd(takes.reduce((sum, t) => sum + (t.cost ?? 0), 0)),
    ...(estimates.length ? { estimate: sumEstimate(estimates) } : {}),
    takes: ended ? takes.map((t) => (TERMINAL_NODE.includes(t.state) ? t : { ...t, state: 'cancelled' })) : takes,
  };
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

/** Rounded to 1/10000 USD so float sums stay readable. */
const usd = (total: number) => Math.round(total * 10000) / 10000;

/** Money a run's nodes recorded. */
export function sumCost(nodes: Record<string, NodeRunState>): number {
  let total = 0;
  for (const n of Object.values(nodes)) total += n.cost ?? 0;
  return usd(total);
}

/** What a preview's nodes would have cost on fal. */
export function sumEstimate(nodes: Iterable<NodeRunState | undefined>): number {
  let total = 0;
  for (const n of nodes) total += n?.estimate ?? 0;
  return usd(total);
}
