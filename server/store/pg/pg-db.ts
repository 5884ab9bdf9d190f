import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';
import type { Db } from '../db.ts';
import { PG_MIGRATIONS } from './pg-migrations.ts';
import type { PgRequest, PgResponse } from './pg-worker.ts';

type Call = (req: PgRequest) => PgResponse;

let call: Call | undefined;
/** One worker thread per process (synckit keeps it by path); each opened Db is one Postgres session inside it. */
function worker(): Call {
  call ??= createSyncFn<(req: PgRequest) => Promise<PgResponse>>(
    fileURLToPath(new URL('./pg-worker-boot.mjs', import.meta.url)),
    // A statement that waits this long is a stuck server or lock: fail it rather than freeze the process for good.
    { timeout: 120_000 },
  ) as Call;
  return call;
}

/**
 * SQLite's `?` placeholders → Postgres's `$1…$n`, leaving quoted strings, quoted names and comments alone. Kept by
 * SQL text: the stores prepare the same few statements over and over.
 */
const numbered = new Map<string, string>();
export function toPgPlaceholders(sql: string): string {
  let out = numbered.get(sql);
  if (out !== undefined) return out;
  out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length - 1 : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else out += c === '?' ? `$${++n}` : c;
  }
  numbered.set(sql, out);
  return out;
}

/** better-sqlite3 takes values spread or as one array; the stores only spread them. */
const flat = (params: unknown[]) => (params.length === 1 && Array.isArray(params[0]) ? params[0] : params);
const READER = /^\s*(select|with|values|show|explain)\b|\breturning\b/i;

/**
 * A Postgres database behind the part of better-sqlite3's API the stores use, synchronous like it: each statement is
 * sent to a worker thread that holds the `pg` session, and this thread waits for the answer. One session per Db keeps a
 * transaction on one connection and runs statements in the order they were made, as SQLite's single handle does.
 * Postgres errors (a unique violation included) are thrown with Postgres's message and `code`.
 */
export function openPgDb(url: string): Db {
  const send = worker();
  const conn = send({ op: 'open', url }) as number;
  let depth = 0;
  let closed = false;
  const query = (sql: string, params: unknown[], mode: 'run' | 'get' | 'all', pluck: boolean) =>
    send({ op: 'query', conn, sql, params: flat(params), mode, pluck });
  const exec = (sql: string) => void send({ op: 'exec', conn, sql });

  const db = {
    prepare(sql: string) {
      const text = toPgPlaceholders(sql);
      let plucked = false;
      const stmt = {
        reader: READER.test(sql),
        source: sql,
        pluck(on = true) {
          plucked = on;
          return stmt;
        },
        run: (...p: unknown[]) => query(text, p, 'run', false),
        get: (...p: unknown[]) => query(text, p, 'get', plucked),
        all: (...p: unknown[]) => query(text, p, 'all', plucked) as unknown[],
      };
      return stmt;
    },
    exec(sql: string) {
      exec(sql);
      return db;
    },
    /** Like better-sqlite3: a function that runs `fn` in a transaction; nested calls use savepoints. */
    transaction<A extends unknown[], R>(fn: (...args: A) => R) {
      return (...args: A): R => {
        const savepoint = depth > 0 ? `sp${depth}` : undefined;
        exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
        depth++;
        let result: R;
        try {
          result = fn(...args);
        } catch (err) {
          depth--;
          exec(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK');
          throw err;
        }
        depth--;
        if (!savepoint) exec('COMMIT');
        else exec(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      };
    },
    /** SQLite tuning (journal mode, busy timeout) has no Postgres meaning. */
    pragma: () => undefined,
    get open() {
      return !closed;
    },
    close() {
      if (closed) return db;
      closed = true;
      send({ op: 'close', conn });
      return db;
    },
  };
  migratePg(db as unknown as Db);
  return db as unknown as Db;
}

/**
 * Applies pending Postgres migrations in one transaction under an advisory lock, so two processes starting at once
 * do not both migrate: the second waits, then finds the versions applied.
 */
function migratePg(db: Db) {
  db.transaction(() => {
    // Any fixed number: the lock only has to be the same one in every pikaflow process.
    db.prepare('SELECT pg_advisory_xact_lock(7406157)').get();
    db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = new Set(db.prepare('SELECT version FROM migrations').pluck().all() as number[]);
    for (const m of PG_MIGRATIONS) {
      if (done.has(m.version)) continue;
      if (m.sql) db.exec(m.sql);
      db.prepare('INSERT INTO migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
    }
  })();
}
