import type { NodeOutputs } from './define-node.ts';

/** Lifecycle of one node within a run. */
export type NodeState = 'pending' | 'queued' | 'running' | 'cached' | 'done' | 'failed' | 'skipped' | 'cancelled';
/** Lifecycle of a run. */
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
/** Why a node failed: `validation` = the input is wrong (fix a field); `transient` = retries ran out; `fal` = any other fal error. */
export type FailureKind = 'validation' | 'transient' | 'fal' | 'internal' | 'cancelled';

/**
 * Everything a run announces, streamed over SSE with `seq` as the event id so a client that reconnects with
 * `Last-Event-ID` gets what it missed. Each event is stored before it is sent.
 */
export type RunEventBody =
  | { type: 'run.queued' }
  | { type: 'run.started'; nodes: string[] }
  | { type: 'run.completed'; outputs: Record<string, NodeOutputs>; cost: number }
  | { type: 'run.failed'; message: string; cost: number }
  | { type: 'run.cancelled' }
  | { type: 'node.cached'; nodeId: string; outputs: NodeOutputs }
  | { type: 'node.submitted'; nodeId: string; requestId: string; endpoint: string }
  | { type: 'node.queued'; nodeId: string; position: number }
  | { type: 'node.started'; nodeId: string }
  | { type: 'node.progress'; nodeId: string; logs: string[] }
  | { type: 'node.retrying'; nodeId: string; attempt: number; message: string }
  | { type: 'node.completed'; nodeId: string; outputs: NodeOutputs; cost: number; ms: number }
  | { type: 'node.failed'; nodeId: string; kind: FailureKind; message: string; field?: string }
  | { type: 'node.skipped'; nodeId: string; reason: string }
  | { type: 'node.cancelled'; nodeId: string };

export type RunEvent = RunEventBody & { seq: number; runId: string; at: string };

/** The node state an event moves a node into (undefined for run-level events and progress). */
export function stateAfter(event: RunEventBody): NodeState | undefined {
  const map: Partial<Record<RunEventBody['type'], NodeState>> = {
    'node.cached': 'cached',
    'node.submitted': 'queued',
    'node.queued': 'queued',
    'node.started': 'running',
    'node.progress': 'running',
    'node.completed': 'done',
    'node.failed': 'failed',
    'node.skipped': 'skipped',
    'node.cancelled': 'cancelled',
  };
  return map[event.type];
}

export const TERMINAL_RUN: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];
