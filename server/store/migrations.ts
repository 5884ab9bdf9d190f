import type { Db } from './db.ts';
import { graphsToRefs } from './refs-migration.ts';

/**
 * Schema versions, applied in order and recorded in `migrations`, so an existing data folder is upgraded in place.
 * Never edit an applied entry: add a new one.
 */
export const MIGRATIONS: { version: number; sql?: string; run?: (db: Db) => void }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE graphs (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, graph TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL
      );
      CREATE TABLE graph_versions (
        graph_id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, graph TEXT NOT NULL,
        created_at TEXT NOT NULL, PRIMARY KEY (graph_id, version)
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY, graph_id TEXT, status TEXT NOT NULL, graph TEXT NOT NULL, options TEXT NOT NULL,
        cost REAL NOT NULL DEFAULT 0, error TEXT, created_at TEXT NOT NULL, started_at TEXT, ended_at TEXT
      );
      CREATE INDEX runs_graph ON runs (graph_id, created_at);
      CREATE INDEX runs_status ON runs (status);
      CREATE TABLE node_runs (
        run_id TEXT NOT NULL, node_id TEXT NOT NULL, state TEXT NOT NULL, endpoint TEXT, request_id TEXT,
        attempt INTEGER NOT NULL DEFAULT 0, outputs TEXT, original_outputs TEXT, error TEXT, cost REAL,
        fingerprint TEXT, started_at TEXT, ended_at TEXT, log TEXT, position INTEGER,
        PRIMARY KEY (run_id, node_id)
      );
      CREATE INDEX node_runs_request ON node_runs (request_id);
      CREATE TABLE events (
        run_id TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (run_id, seq)
      );
      CREATE TABLE cache (
        fingerprint TEXT PRIMARY KEY, node_type TEXT NOT NULL, outputs TEXT NOT NULL, cost REAL NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE media (
        url TEXT PRIMARY KEY, file TEXT NOT NULL, content_type TEXT, size INTEGER, created_at TEXT NOT NULL
      );
    `,
  },
  {
    // Issue 6: a batch is a template run over many input sets; each item is an ordinary run (ids in item order).
    version: 2,
    sql: `
      CREATE TABLE batches (
        id TEXT PRIMARY KEY, graph_id TEXT NOT NULL, created_at TEXT NOT NULL, plan TEXT NOT NULL, run_ids TEXT NOT NULL
      );
      CREATE INDEX batches_graph ON batches (graph_id, created_at);
      CREATE INDEX node_runs_fingerprint ON node_runs (fingerprint);
    `,
  },
  {
    // Issue 10. `fal_jobs` is the receipt book: one row per fingerprint that was ever sent to fal, so a rerun, a
    // resume or a retry asks fal about the stored request id instead of paying again, and a submit whose outcome is
    // unknown is never repeated silently. `published` remembers where a kept file was made reachable for an engine.
    version: 3,
    sql: `
      CREATE TABLE fal_jobs (
        fingerprint TEXT PRIMARY KEY, engine TEXT NOT NULL, endpoint TEXT NOT NULL, state TEXT NOT NULL,
        request_id TEXT, cost REAL, cost_run TEXT, submitted_at TEXT NOT NULL, updated_at TEXT NOT NULL
      );
      CREATE INDEX fal_jobs_request ON fal_jobs (request_id);
      CREATE TABLE published (
        file TEXT NOT NULL, target TEXT NOT NULL, url TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (file, target)
      );
      ALTER TABLE cache ADD COLUMN engine TEXT;
      ALTER TABLE node_runs ADD COLUMN estimate REAL;
      ALTER TABLE node_runs ADD COLUMN submitted_at TEXT;
    `,
  },
  // Issue 10: stored graphs refer to kept files by content, not by the URL they were first published at.
  { version: 4, run: graphsToRefs },
  {
    // Issue 14: people sign in (sessions: a digest of each id, never the id) and what they make records who made it.
    version: 5,
    sql: `
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL
      );
      ALTER TABLE runs ADD COLUMN created_by TEXT;
      ALTER TABLE batches ADD COLUMN created_by TEXT;
      ALTER TABLE graph_versions ADD COLUMN created_by TEXT;
    `,
  },
  // Issue 13: a node making several takes keeps each take's state, outputs, cost and request id.
  { version: 6, sql: 'ALTER TABLE node_runs ADD COLUMN takes TEXT;' },
  // A cancel asked for is kept with the run: a process that takes the run up later ends it instead of resuming it.
  { version: 7, sql: 'ALTER TABLE runs ADD COLUMN cancel_requested_at TEXT;' },
];
