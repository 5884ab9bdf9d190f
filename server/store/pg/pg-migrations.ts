/**
 * The Postgres schema: the same versions as ../migrations.ts (SQLite), in Postgres DDL, recorded in the same
 * `migrations` table. ANY NEW MIGRATION MUST BE WRITTEN FOR BOTH FILES, with the same version number.
 *
 * Types: INTEGER stays int4 (read back as a number); REAL is double precision (read back as a number, as SQLite
 * does); JSON stays text (the stores parse it); `media.size` is int8, since a file may pass 2 GiB (pg-worker.ts reads
 * int8 as a number). Timestamps are ISO text compared byte by byte (COLLATE "C"), as SQLite does, whatever locale the
 * database was created with: lists are ordered by them and sessions expire by them.
 */
const AT = 'TEXT COLLATE "C"';

export const PG_MIGRATIONS: { version: number; sql?: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE graphs (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, graph TEXT NOT NULL,
        created_at ${AT} NOT NULL, updated_at ${AT} NOT NULL
      );
      CREATE TABLE graph_versions (
        graph_id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, graph TEXT NOT NULL,
        created_at ${AT} NOT NULL, PRIMARY KEY (graph_id, version)
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY, graph_id TEXT, status TEXT NOT NULL, graph TEXT NOT NULL, options TEXT NOT NULL,
        cost DOUBLE PRECISION NOT NULL DEFAULT 0, error TEXT, created_at ${AT} NOT NULL, started_at ${AT},
        ended_at ${AT}
      );
      CREATE INDEX runs_graph ON runs (graph_id, created_at);
      CREATE INDEX runs_status ON runs (status);
      CREATE TABLE node_runs (
        run_id TEXT NOT NULL, node_id TEXT NOT NULL, state TEXT NOT NULL, endpoint TEXT, request_id TEXT,
        attempt INTEGER NOT NULL DEFAULT 0, outputs TEXT, original_outputs TEXT, error TEXT, cost DOUBLE PRECISION,
        fingerprint TEXT, started_at ${AT}, ended_at ${AT}, log TEXT, position INTEGER,
        PRIMARY KEY (run_id, node_id)
      );
      CREATE INDEX node_runs_request ON node_runs (request_id);
      CREATE TABLE events (
        run_id TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (run_id, seq)
      );
      CREATE TABLE cache (
        fingerprint TEXT PRIMARY KEY, node_type TEXT NOT NULL, outputs TEXT NOT NULL, cost DOUBLE PRECISION NOT NULL,
        created_at ${AT} NOT NULL
      );
      CREATE TABLE media (
        url TEXT PRIMARY KEY, file TEXT NOT NULL, content_type TEXT, size BIGINT, created_at ${AT} NOT NULL
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE batches (
        id TEXT PRIMARY KEY, graph_id TEXT NOT NULL, created_at ${AT} NOT NULL, plan TEXT NOT NULL,
        run_ids TEXT NOT NULL
      );
      CREATE INDEX batches_graph ON batches (graph_id, created_at);
      CREATE INDEX node_runs_fingerprint ON node_runs (fingerprint);
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE fal_jobs (
        fingerprint TEXT PRIMARY KEY, engine TEXT NOT NULL, endpoint TEXT NOT NULL, state TEXT NOT NULL,
        request_id TEXT, cost DOUBLE PRECISION, cost_run TEXT, submitted_at ${AT} NOT NULL, updated_at ${AT} NOT NULL
      );
      CREATE INDEX fal_jobs_request ON fal_jobs (request_id);
      CREATE TABLE published (
        file TEXT NOT NULL, target TEXT NOT NULL, url TEXT NOT NULL, created_at ${AT} NOT NULL,
        PRIMARY KEY (file, target)
      );
      ALTER TABLE cache ADD COLUMN engine TEXT;
      ALTER TABLE node_runs ADD COLUMN estimate DOUBLE PRECISION;
      ALTER TABLE node_runs ADD COLUMN submitted_at ${AT};
    `,
  },
  // SQLite's version 4 rewrites graphs from before media was content: a new Postgres database has none.
  { version: 4 },
  {
    version: 5,
    sql: `
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY, name TEXT NOT NULL, created_at ${AT} NOT NULL, expires_at ${AT} NOT NULL
      );
      ALTER TABLE runs ADD COLUMN created_by TEXT;
      ALTER TABLE batches ADD COLUMN created_by TEXT;
      ALTER TABLE graph_versions ADD COLUMN created_by TEXT;
    `,
  },
  { version: 6, sql: 'ALTER TABLE node_runs ADD COLUMN takes TEXT;' },
  { version: 7, sql: `ALTER TABLE runs ADD COLUMN cancel_requested_at ${AT};` },
];
