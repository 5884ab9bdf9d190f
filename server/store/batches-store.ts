import type { BatchPlan } from '../../shared/batch-api.ts';
import { fromJson, now, toJson, type Db } from './db.ts';

export interface BatchRecord {
  id: string;
  graphId: string;
  createdAt: string;
  plan: BatchPlan;
  /** Run ids in item order. */
  runIds: string[];
  /** Who started it; unset without access control. */
  createdBy?: string;
}

interface Row {
  id: string;
  graph_id: string;
  created_at: string;
  plan: string;
  run_ids: string;
  created_by: string | null;
}

/** Batches: a template run over many input sets; each item is an ordinary run. */
export function batchesStore(db: Db) {
  const fromRow = (r: Row): BatchRecord => ({
    id: r.id,
    graphId: r.graph_id,
    createdAt: r.created_at,
    plan: fromJson<BatchPlan>(r.plan)!,
    runIds: fromJson<string[]>(r.run_ids)!,
    ...(r.created_by ? { createdBy: r.created_by } : {}),
  });
  return {
    create(b: Omit<BatchRecord, 'createdAt'>): BatchRecord {
      const createdAt = now();
      db.prepare(
        'INSERT INTO batches (id, graph_id, created_at, plan, run_ids, created_by) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(b.id, b.graphId, createdAt, toJson(b.plan), toJson(b.runIds), b.createdBy ?? null);
      return { ...b, createdAt };
    },
    get(id: string): BatchRecord | undefined {
      const r = db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as Row | undefined;
      return r && fromRow(r);
    },
    list(graphId: string): BatchRecord[] {
      return (
        db.prepare('SELECT * FROM batches WHERE graph_id = ? ORDER BY created_at DESC LIMIT 100').all(graphId) as Row[]
      ).map(fromRow);
    },
  };
}

export type BatchesStore = ReturnType<typeof batchesStore>;
