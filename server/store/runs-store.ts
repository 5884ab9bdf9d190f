import type { RunEvent, RunEventBody, RunStatus } from '../../shared/events.ts';
import { now, toJson, type Db } from './db.ts';
import { COLS, DEFAULTS, JSON_COLS, type NodeRecord, type RunRecord } from './run-records.ts';
import { runReads } from './run-reads.ts';

// Records and their row mapping (run-records.ts), the queries (run-reads.ts) and the API views (run-views.ts) live
// beside this file; everything stays importable from here.
export { wholeNodePatch, type NodeRecord, type RunOptions, type RunRecord } from './run-records.ts';
export { runDetail, runSummary } from './run-views.ts';

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
    ...runReads(db),
  };
}

export type RunsStore = ReturnType<typeof runsStore>;
