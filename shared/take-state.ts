import type { NodeRunState } from './api.ts';
import type { RunEventBody } from './events.ts';
import { TERMINAL_NODE } from './events.ts';
import { type At, reduceNode } from './node-state.ts';
import { sumEstimate, usd } from './run-money.ts';

/**
 * A node with takes after an event about one of them: the take's own record moves as a node's would, and the node is
 * running while any take runs. Only the engine's event for the node itself (once every take settled) ends it.
 */
export function reduceTake(record: NodeRunState | undefined, take: number, event: RunEventBody & At): NodeRunState {
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
export function takeTotals(node: NodeRunState): NodeRunState {
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
