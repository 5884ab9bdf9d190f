import type { NodeRunState } from '../../shared/api.ts';
import type { EngineKind, RunStatus } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import { upgradeStoredGraph } from '../../shared/graph-migrate.ts';
import { fromJson } from './db.ts';

/** What a run was asked to do, kept so a resumed run does exactly the same. */
export interface RunOptions {
  only?: string[];
  /** Re-roll salts per node id (they change the fingerprint, forcing a new generation). */
  salts: Record<string, string>;
  webhook?: string;
  /** Which engine this run talks to; absent in runs stored before previews existed (they count as fal). */
  engine?: EngineKind;
  /** Nodes whose unknown-outcome submit the user accepted to send again. */
  resubmit?: string[];
}

export interface RunRecord {
  id: string;
  graphId?: string;
  status: RunStatus;
  graph: Graph;
  options: RunOptions;
  cost: number;
  createdAt: string;
  endedAt?: string;
  /** Who started it (the signed-in person's name); unset without access control. */
  createdBy?: string;
  /** When someone asked to cancel it: whichever process takes the run up next ends it cancelled (a team's worker). */
  cancelRequestedAt?: string;
}

/** A node's stored execution, as the shared reducer (shared/run-state.ts) derives it from the node's events. */
export interface NodeRecord extends NodeRunState {
  nodeId: string;
}

export type Row = Record<string, unknown>;
/** Record field → node_runs column: the one list that reads and writes of a node row both follow. */
export const COLS: Record<string, string> = {
  state: 'state',
  endpoint: 'endpoint',
  requestId: 'request_id',
  attempt: 'attempt',
  outputs: 'outputs',
  originalOutputs: 'original_outputs',
  error: 'error',
  cost: 'cost',
  fingerprint: 'fingerprint',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  log: 'log',
  position: 'position',
  estimate: 'estimate',
  submittedAt: 'submitted_at',
  takes: 'takes',
};
/** Columns with a NOT NULL default: a cleared value writes the default. */
export const DEFAULTS: Record<string, unknown> = { attempt: 0 };
/** Fields kept as JSON text. */
export const JSON_COLS = new Set(['outputs', 'originalOutputs', 'error', 'takes']);

/**
 * A node's state as a patch of every column, so a field the reducer cleared (an old error, a queue position) is
 * cleared in the store too. `originalOutputs` is left alone: only legacy rows hold it, and the reducer never sets it.
 */
export function wholeNodePatch(rec: NodeRunState): Partial<NodeRecord> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(COLS)) if (key !== 'originalOutputs') patch[key] = rec[key as keyof NodeRunState];
  return patch as Partial<NodeRecord>;
}

export function nodeFromRow(r: Row): NodeRecord {
  const n: Record<string, unknown> = { nodeId: r.node_id };
  for (const [key, col] of Object.entries(COLS)) {
    const v = JSON_COLS.has(key) ? fromJson(r[col]) : r[col];
    if (v !== null && v !== undefined) n[key] = v;
  }
  return n as unknown as NodeRecord;
}

export function runFromRow(r: Row): RunRecord {
  return {
    id: r.id as string,
    graphId: (r.graph_id as string) ?? undefined,
    status: r.status as RunStatus,
    graph: upgradeStoredGraph(JSON.parse(r.graph as string)),
    options: JSON.parse(r.options as string),
    cost: r.cost as number,
    createdAt: r.created_at as string,
    endedAt: (r.ended_at as string) ?? undefined,
    createdBy: (r.created_by as string) ?? undefined,
    ...(r.cancel_requested_at ? { cancelRequestedAt: r.cancel_requested_at as string } : {}),
  };
}
