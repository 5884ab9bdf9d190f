import type { RunEvent } from '../../shared/events.ts';
import type { Db } from './db.ts';
import { nodeFromRow, runFromRow, type NodeRecord, type RunRecord, type Row } from './run-records.ts';

/** The runs store's queries: nothing here writes, so the API, the run bar and a resuming engine share them freely. */
export function runReads(db: Db) {
  return {
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
