import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

/** Opens (creating on first start) `<dataDir>/pikaflow.db` and applies pending migrations. */
export function openDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'pikaflow.db'));
  // WAL: readers (SSE replay, run lists) never wait on the scheduler's writes; NORMAL sync is durable across a
  // process crash, which is the failure we design for (not power loss).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  reuseStatements(db);
  return db;
}

/**
 * Compiling a statement cost more than running it on the hot path (every event writes a row): statements are kept by
 * their SQL text and reused. Each reuse starts in the default mode, so one caller's `.pluck()` never leaks into another's.
 */
function reuseStatements(db: Db) {
  const compile = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let stmt = kept.get(sql);
    if (!stmt) kept.set(sql, (stmt = compile(sql)));
    else if (stmt.reader) stmt.pluck(false);
    return stmt;
  }) as Db['prepare'];
}

function migrate(db: Db) {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT version FROM migrations').pluck().all() as number[]);
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      if (m.sql) db.exec(m.sql);
      m.run?.(db);
      db.prepare('INSERT INTO migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
    })();
  }
}

export const now = () => new Date().toISOString();

/** JSON column helpers: null stays null so "unset" and "empty" differ. */
export const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
export function fromJson<T>(v: unknown): T | undefined {
  return typeof v === 'string' ? (JSON.parse(v) as T) : undefined;
}
