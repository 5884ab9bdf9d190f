/**
 * The worker thread behind the Postgres Db (pg-db.ts): it holds the `pg` connections and answers one request at a
 * time while the calling thread waits (synckit), so the stores keep their synchronous contract on Postgres.
 */
import pg from 'pg';
import { runAsWorker } from 'synckit';

/** What the stores read back: COUNT(*) and SUM(int) are int8, which pg gives as strings by default. */
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type PgRequest =
  | { op: 'open'; url: string }
  | { op: 'query'; conn: number; sql: string; params: unknown[]; mode: 'run' | 'get' | 'all'; pluck: boolean }
  | { op: 'exec'; conn: number; sql: string }
  | { op: 'close'; conn: number };

export type PgResponse = number | { changes: number } | unknown[] | unknown | undefined;

interface Conn {
  client: pg.Client;
  url: string;
  /** Statements prepared on this session, by SQL text: the hot path (one event per row) skips parse and plan. */
  names: Map<string, string>;
  /** Set when the server dropped the session: the next request opens a new one. */
  broken?: Error;
}

const conns = new Map<number, Conn>();
let nextConn = 1;

async function connect(url: string): Promise<Conn> {
  const client = new pg.Client({ connectionString: url });
  const conn: Conn = { client, url, names: new Map() };
  // Without a listener a dropped connection would kill this thread, and every later call would hang.
  client.on('error', (err) => {
    conn.broken = err;
  });
  await client.connect();
  return conn;
}

async function handle(req: PgRequest): Promise<PgResponse> {
  if (req.op === 'open') {
    const id = nextConn++;
    conns.set(id, await connect(req.url));
    return id;
  }
  let conn = conns.get(req.conn);
  if (!conn) throw new Error('This Postgres store is closed');
  if (req.op === 'close') {
    conns.delete(req.conn);
    await conn.client.end().catch(() => undefined);
    return undefined;
  }
  if (conn.broken) {
    // A transaction on the lost session is gone with it; the caller's own error already said so.
    conn = await connect(conn.url);
    conns.set(req.conn, conn);
  }
  if (req.op === 'exec') {
    await conn.client.query(req.sql);
    return undefined;
  }
  let name = conn.names.get(req.sql);
  if (!name) conn.names.set(req.sql, (name = `s${conn.names.size + 1}`));
  const config = { name, text: req.sql, values: req.params };
  // Plucked: rows as arrays, so the first column is read whatever Postgres names it (`max`, `count`, …).
  const res = req.pluck ? await conn.client.query({ ...config, rowMode: 'array' }) : await conn.client.query(config);
  if (req.mode === 'run') return { changes: res.rowCount ?? 0 };
  const rows: unknown[] = req.pluck ? (res.rows as unknown[][]).map((r) => r[0]) : res.rows;
  return req.mode === 'get' ? rows[0] : rows;
}

runAsWorker(handle);
