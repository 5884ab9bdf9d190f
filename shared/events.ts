import type { NodeOutputs } from './define-node.ts';

/** Lifecycle of one node within a run. */
export type NodeState =
  | 'pending'
  | 'queued'
  | 'running'
  | 'cached'
  | 'done'
  | 'failed'
  | 'skipped'
  | 'cancelled'
  /** A submit whose outcome is unknown (connection lost after sending, timeout, 5xx): a job may exist on fal. */
  | 'uncertain';
/**
 * Which engine made a result: `fal` (real Pika on fal.ai, paid) or `local` (the built-in local engine's ffmpeg
 * preview, free). Part of every cache key: a preview is never served as a Pika video, nor the other way round.
 */
export type EngineKind = 'fal' | 'local';
/** Lifecycle of a run. */
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
/** Why a node failed: `validation` = the input is wrong (fix a field); `transient` = retries ran out; `fal` = any other fal error. */
export type FailureKind = 'validation' | 'transient' | 'fal' | 'internal' | 'cancelled';

/**
 * Everything a run announces, streamed over SSE with `seq` as the event id so a client that reconnects with
 * `Last-Event-ID` gets what it missed. Each event is stored before it is sent. A node event with `take` is about one
 * take of a node that makes several (shared/takes.ts); without it, about the node itself.
 */
export type RunEventBody = RunEventKinds & { take?: number };
type RunEventKinds =
  | { type: 'run.queued'; engine?: EngineKind }
  | { type: 'run.started'; nodes: string[] }
  /** `cost` is money spent; `estimate` (previews) is what the same run would cost on fal. */
  | { type: 'run.completed'; outputs: Record<string, NodeOutputs>; cost: number; estimate?: number }
  | { type: 'run.failed'; message: string; cost: number; estimate?: number }
  | { type: 'run.cancelled' }
  | { type: 'node.cached'; nodeId: string; outputs: NodeOutputs; fingerprint?: string }
  /** fal accepted the job: from here on the request id is the receipt; only that id is ever asked about. */
  | {
      type: 'node.submitted';
      nodeId: string;
      requestId: string;
      endpoint: string;
      attempt?: number;
      fingerprint?: string;
    }
  | { type: 'node.queued'; nodeId: string; position: number }
  | { type: 'node.started'; nodeId: string; fingerprint?: string }
  | { type: 'node.progress'; nodeId: string; logs: string[] }
  | { type: 'node.retrying'; nodeId: string; attempt: number; message: string }
  /** `cost`: spent (0 for previews); `estimate`: what a preview would have cost on fal. */
  | {
      type: 'node.completed';
      nodeId: string;
      outputs: NodeOutputs;
      cost: number;
      ms: number;
      fingerprint?: string;
      estimate?: number;
    }
  /** `cost` is set when fal completed (and billed) the job but what followed failed, e.g. the download. */
  | {
      type: 'node.failed';
      nodeId: string;
      kind: FailureKind;
      message: string;
      field?: string;
      cost?: number;
      requestId?: string;
    }
  /** The submit's outcome is unknown: a job may exist on fal (check `endpoint` around `submittedAt` in fal's dashboard). */
  | { type: 'node.uncertain'; nodeId: string; endpoint: string; submittedAt: string; message: string }
  | { type: 'node.skipped'; nodeId: string; reason: string }
  /** `note`: what the cancel means for money (a job already running at fal may still be billed). */
  | { type: 'node.cancelled'; nodeId: string; note?: string };

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
    'node.uncertain': 'uncertain',
  };
  return map[event.type];
}

export const TERMINAL_RUN: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];
/** Node states a run never leaves once reached. */
export const TERMINAL_NODE: readonly NodeState[] = ['cached', 'done', 'failed', 'skipped', 'cancelled', 'uncertain'];
