import { randomUUID } from 'node:crypto';
import type { GraphSummary, StoredGraph } from '../../shared/api.ts';
import type { Graph } from '../../shared/graph.ts';
import { upgradeStoredGraph } from '../../shared/graph-migrate.ts';
import { now, type Db } from './db.ts';

interface GraphRow {
  id: string;
  name: string;
  version: number;
  graph: string;
  updated_at: string;
  /** Who saved this version (the current one, for a graph row joined with its versions). */
  created_by?: string | null;
}

/** Thrown when a save is based on an older version than the stored one (the API answers 409). */
export class StaleVersionError extends Error {
  constructor(readonly current: number) {
    super(`This template was saved elsewhere (now version ${current}); reload it before saving`);
  }
}

/** Graphs (templates) with every saved version kept. */
export function graphsStore(db: Db) {
  const toSummary = (r: GraphRow, preview?: string): GraphSummary => ({
    id: r.id,
    name: r.name,
    version: r.version,
    updatedAt: r.updated_at,
    nodeCount: (JSON.parse(r.graph) as Graph).nodes.length,
    ...(preview ? { preview } : {}),
    ...(r.created_by ? { createdBy: r.created_by } : {}),
  });
  const insertVersion = db.prepare(
    'INSERT INTO graph_versions (graph_id, version, name, graph, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // A graph with the author of its current version.
  const withAuthor =
    'SELECT g.*, v.created_by FROM graphs g LEFT JOIN graph_versions v ON v.graph_id = g.id AND v.version = g.version';
  const by = (createdBy?: string) => (createdBy ? { createdBy } : {});

  return {
    create(name: string, graph: Graph, createdBy?: string): StoredGraph {
      const id = randomUUID();
      const at = now();
      const json = JSON.stringify(graph);
      db.transaction(() => {
        db.prepare(
          'INSERT INTO graphs (id, name, version, graph, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)',
        ).run(id, name, json, at, at);
        insertVersion.run(id, 1, name, json, at, createdBy ?? null);
      })();
      return { id, name, version: 1, updatedAt: at, nodeCount: graph.nodes.length, ...by(createdBy), graph };
    },

    /** Saves a new version; refuses when `baseVersion` is not the current one (never overwrite silently). */
    update(id: string, name: string, graph: Graph, baseVersion: number, createdBy?: string): StoredGraph | undefined {
      const at = now();
      const json = JSON.stringify(graph);
      return db.transaction(() => {
        const row = db.prepare('SELECT version FROM graphs WHERE id = ?').get(id) as { version: number } | undefined;
        if (!row) return undefined;
        if (row.version !== baseVersion) throw new StaleVersionError(row.version);
        const version = row.version + 1;
        db.prepare('UPDATE graphs SET name = ?, version = ?, graph = ?, updated_at = ? WHERE id = ?').run(
          name,
          version,
          json,
          at,
          id,
        );
        insertVersion.run(id, version, name, json, at, createdBy ?? null);
        return { id, name, version, updatedAt: at, nodeCount: graph.nodes.length, ...by(createdBy), graph };
      })();
    },

    get(id: string): StoredGraph | undefined {
      const r = db.prepare(`${withAuthor} WHERE g.id = ?`).get(id) as GraphRow | undefined;
      return r && { ...toSummary(r), graph: upgradeStoredGraph(JSON.parse(r.graph) as Graph) };
    },

    list(previews: (graphId: string) => string | undefined = () => undefined): GraphSummary[] {
      const rows = db.prepare(`${withAuthor} ORDER BY g.updated_at DESC`).all() as GraphRow[];
      return rows.map((r) => toSummary(r, previews(r.id)));
    },

    delete(id: string): boolean {
      return db.transaction(() => {
        db.prepare('DELETE FROM graph_versions WHERE graph_id = ?').run(id);
        return db.prepare('DELETE FROM graphs WHERE id = ?').run(id).changes > 0;
      })();
    },

    versions(
      id: string,
    ): { version: number; name: string; createdAt: string; nodeCount: number; createdBy?: string }[] {
      const rows = db
        .prepare('SELECT * FROM graph_versions WHERE graph_id = ? ORDER BY version DESC')
        .all(id) as (GraphRow & { created_at: string })[];
      return rows.map((r) => ({
        version: r.version,
        name: r.name,
        createdAt: r.created_at,
        nodeCount: (JSON.parse(r.graph) as Graph).nodes.length,
        ...by(r.created_by ?? undefined),
      }));
    },

    version(id: string, version: number): StoredGraph | undefined {
      const r = db.prepare('SELECT * FROM graph_versions WHERE graph_id = ? AND version = ?').get(id, version) as
        | (GraphRow & { created_at: string })
        | undefined;
      return (
        r && {
          ...toSummary({ ...r, id, updated_at: r.created_at }),
          graph: upgradeStoredGraph(JSON.parse(r.graph) as Graph),
        }
      );
    },
  };
}

export type GraphsStore = ReturnType<typeof graphsStore>;
