import type { NodeRunState, RunDetail, RunSummary } from '../../shared/api.ts';
import type { EngineKind, RunEvent, RunEventBody, RunStatus } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import { upgradeStoredGraph } from '../../shared/graph-migrate.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { sumEstimate } from '../../shared/run-state.ts';
import { fromJson, now, toJson, type Db } from './db.ts';

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

type Row = Record<string, unknown>;
const COLS: Record<string, string> = {
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
const DEFAULTS: Record<string, unknown> = { attempt: 0 };
const JSON_COLS = new Set(['outputs', 'originalOutputs', 'error', 'takes']);

/**
 * A node's state as a patch of every column, so a field the reducer cleared (an old error, a queue position) is
 * cleared in the store too. `originalOutputs` is left alone: only legacy rows hold it, and the reducer never sets it.
 */
export function wholeNodePatch(rec: NodeRunState): Partial<NodeRecord> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(COLS)) if (key !== 'originalOutputs') patch[key] = rec[key as keyof NodeRunState];
  return patch as Partial<NodeRecord>;
}

function nodeFromRow(r: Row): NodeRecord {
  const n: Record<string, unknown> = { nodeId: r.node_id };
  for (const [key, col] of Object.entries(COLS)) {
    const v = JSON_COLS.has(key) ? fromJson(r[col]) : r[col];
    if (v !== null && v !== undefined) n[key] = v;
  }
  return n as unknown as NodeRecord;
}

function runFromRow(r: Row): RunRecord {
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

/** Runs, their node executions and their event log. */
export function runsStore(db: Db) {
  const insertEvent = db.prepare('INSERT INTO events (run_id, seq, json) VALUES (?, ?, ?)');

  function patchNode(runId: string, nodeId: string, patch: Partial<NodeRecord>) {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, v] of Object.entries(patch)) {
      const col = COLS[key];
      if (!col) continue;
      sets.push(`${col} = ?`);
      values.push(JSON_COLS.has(key) ? toJson(v) : (v ?? DEFAULTS[key] ?? null));
    }
    if (sets.length)
      db.prepare(`UPDATE node_runs SET ${sets.join(', ')} WHERE run_id = ? AND node_id = ?`).run(
        ...values,
        runId,
        nodeId,
      );
  }

  return {
    create(run: Omit<RunRecord, 'cost' | 'endedAt' | 'createdAt' | 'status'>, nodeIds: string[]): RunRecord {
      const createdAt = now();
      db.transaction(() => {
        db.prepare(
          'INSERT INTO runs (id, graph_id, status, graph, options, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(
          run.id,
          run.graphId ?? null,
          'queued',
          JSON.stringify(run.graph),
          JSON.stringify(run.options),
          createdAt,
          run.createdBy ?? null,
        );
        const ins = db.prepare("INSERT INTO node_runs (run_id, node_id, state) VALUES (?, ?, 'pending')");
        for (const id of nodeIds) ins.run(run.id, id);
      })();
      return { ...run, status: 'queued', cost: 0, createdAt };
    },

    /**
     * Stores the event (and the state it implies) in one transaction, so nothing is announced that the store does
     * not already hold. Returns the stored event, ready to broadcast.
     */
    record(
      runId: string,
      seq: number,
      body: RunEventBody,
      change: {
        node?: Partial<NodeRecord>;
        nodes?: Record<string, Partial<NodeRecord>>;
        run?: { status?: RunStatus; cost?: number; error?: string };
      } = {},
      at = now(),
    ): RunEvent {
      const event = { ...body, seq, runId, at } as RunEvent;
      db.transaction(() => {
        if (change.node && 'nodeId' in body) patchNode(runId, body.nodeId, change.node);
        for (const [nodeId, patch] of Object.entries(change.nodes ?? {})) patchNode(runId, nodeId, patch);
        if (change.run) {
          const r = change.run;
          const ended = r.status && ['completed', 'failed', 'cancelled'].includes(r.status) ? event.at : null;
          db.prepare(`UPDATE runs SET status = COALESCE(?, status), cost = COALESCE(?, cost), error = COALESCE(?, error),
            started_at = CASE WHEN ? = 'running' THEN ? ELSE started_at END, ended_at = COALESCE(?, ended_at) WHERE id = ?`).run(
            r.status ?? null,
            r.cost ?? null,
            r.error ?? null,
            r.status ?? null,
            event.at,
            ended,
            runId,
          );
        }
        insertEvent.run(runId, seq, JSON.stringify(event));
      })();
      return event;
    },

    /** Keeps a cancel request with the run (the first one's time), for whoever executes the run now or next. */
    requestCancel(id: string) {
      db.prepare('UPDATE runs SET cancel_requested_at = COALESCE(cancel_requested_at, ?) WHERE id = ?').run(now(), id);
    },

    /** A silent state write (no event): used for the request id's "attempt" counter before submit. */
    patchNode,

    get(id: string): RunRecord | undefined {
      const r = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
      return r && runFromRow(r);
    },
    nodes(runId: string): NodeRecord[] {
      return (db.prepare('SELECT * FROM node_runs WHERE run_id = ?').all(runId) as Row[]).map(nodeFromRow);
    },
    list(filter: { graphId?: string; limit?: number } = {}): RunRecord[] {
      const rows = filter.graphId
        ? db
            .prepare('SELECT * FROM runs WHERE graph_id = ? ORDER BY created_at DESC LIMIT ?')
            .all(filter.graphId, filter.limit ?? 100)
        : db.prepare('SELECT * FROM runs ORDER BY created_at DESC LIMIT ?').all(filter.limit ?? 100);
      return (rows as Row[]).map(runFromRow);
    },
    /**
     * Gives runs made of a not-yet-saved graph to the template it became. Only a run with no template changes hands
     * (another template's run is never taken); answers the ids it could not adopt (unknown, or another template's).
     */
    adopt(graphId: string, runIds: string[]): string[] {
      const take = db.prepare('UPDATE runs SET graph_id = ? WHERE id = ? AND graph_id IS NULL');
      return db.transaction(() =>
        [...new Set(runIds)].filter((id) => {
          if (take.run(graphId, id).changes > 0) return false;
          return db.prepare('SELECT graph_id FROM runs WHERE id = ?').pluck().get(id) !== graphId;
        }),
      )();
    },
    /** Runs a previous process left unfinished. */
    unfinished(): RunRecord[] {
      return (
        db.prepare("SELECT * FROM runs WHERE status IN ('queued', 'running') ORDER BY created_at").all() as Row[]
      ).map(runFromRow);
    },
    /** How many runs wait and how many run, without reading them (a team's run bar asks every few seconds). */
    unfinishedCounts(): { queued: number; running: number } {
      const rows = db
        .prepare("SELECT status, COUNT(*) AS n FROM runs WHERE status IN ('queued', 'running') GROUP BY status")
        .all() as { status: string; n: number }[];
      const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
      return { queued: n('queued'), running: n('running') };
    },
    events(runId: string, since = 0): RunEvent[] {
      return (
        db
          .prepare('SELECT json FROM events WHERE run_id = ? AND seq > ? ORDER BY seq')
          .pluck()
          .all(runId, since) as string[]
      ).map((j) => JSON.parse(j) as RunEvent);
    },
    lastSeq(runId: string): number {
      return (db.prepare('SELECT MAX(seq) FROM events WHERE run_id = ?').pluck().get(runId) as number | null) ?? 0;
    },
    /** The fal request that produced a fingerprint, in whichever run paid for it (provenance of cached nodes). */
    requestIdFor(fingerprint: string): string | undefined {
      return (
        (db
          .prepare(
            "SELECT request_id FROM node_runs WHERE fingerprint = ? AND request_id IS NOT NULL AND state = 'done' LIMIT 1",
          )
          .pluck()
          .get(fingerprint) as string | undefined) ?? undefined
      );
    },
    nodeByRequestId(requestId: string): { runId: string; nodeId: string } | undefined {
      const r = db.prepare('SELECT run_id, node_id FROM node_runs WHERE request_id = ?').get(requestId) as
        | Row
        | undefined;
      return r && { runId: r.run_id as string, nodeId: r.node_id as string };
    },
  };
}

export type RunsStore = ReturnType<typeof runsStore>;

/** The API view of a run: output node values and per-node state. */
export function runDetail(run: RunRecord, nodes: NodeRecord[]): RunDetail {
  const byId: RunDetail['nodes'] = {};
  for (const { nodeId, ...state } of nodes) byId[nodeId] = state;
  return { ...runSummary(run, nodes), graph: run.graph, nodes: byId };
}

export function runSummary(run: RunRecord, nodes: NodeRecord[]): RunSummary {
  const outputs: Record<string, string> = {};
  // Results are what the registry's Output-category nodes hold (no node-type names here).
  const isOutput = new Set(run.graph.nodes.filter((n) => getNodeDef(n.type)?.category === 'Output').map((n) => n.id));
  for (const n of nodes) if (isOutput.has(n.nodeId) && n.outputs?.value) outputs[n.nodeId] = n.outputs.value;
  const engine = run.options.engine ?? 'fal';
  // Previews spend nothing; what they would cost on fal is the sum of their nodes' estimates.
  const estimate = engine === 'local' ? sumEstimate(nodes) : undefined;
  return {
    id: run.id,
    ...(run.graphId ? { graphId: run.graphId } : {}),
    status: run.status,
    engine,
    createdAt: run.createdAt,
    ...(run.endedAt ? { endedAt: run.endedAt } : {}),
    cost: run.cost,
    ...(estimate !== undefined ? { estimate } : {}),
    ...(run.createdBy ? { createdBy: run.createdBy } : {}),
    outputs,
  };
}
