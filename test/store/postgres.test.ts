import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import pg_ from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.ts';
import { MIGRATIONS } from '../../server/store/migrations.ts';
import { type EmbeddedPg, freePort, startEmbeddedPostgres } from '../../server/store/pg/embedded-postgres.ts';
import { toPgPlaceholders } from '../../server/store/pg/pg-db.ts';
import { PG_MIGRATIONS } from '../../server/store/pg/pg-migrations.ts';
import { storeContract } from './store-contract.ts';

/** The store contract on Postgres: one embedded server for this file, a fresh database per test. */
const { Client } = pg_;
let pg: EmbeddedPg;
beforeAll(async () => {
  pg = await startEmbeddedPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

let n = 0;
storeContract('postgres', async () => {
  const databaseUrl = await pg.createDatabase(`contract_${++n}`);
  const opened = {
    store: openStore('/nonexistent', { databaseUrl }),
    reopen() {
      opened.store.close();
      opened.store = openStore('/nonexistent', { databaseUrl });
      return opened.store;
    },
    async close() {
      opened.store.close();
    },
  };
  return opened;
});

describe('Postgres only', () => {
  it('has the same schema versions as SQLite', () => {
    expect(PG_MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('migrates a new database once when two processes start on it at the same moment', async () => {
    const databaseUrl = await pg.createDatabase('two_at_once');
    // A barrier: this session holds the (empty) migrations table, so both processes reach the migration and wait,
    // then go at once when it lets go.
    const holder = new Client({ connectionString: databaseUrl });
    await holder.connect();
    await holder.query('CREATE TABLE migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    await holder.query('BEGIN; LOCK TABLE migrations IN ACCESS EXCLUSIVE MODE');
    const script = `import { openStore } from ${JSON.stringify(resolve('server/store/index.ts'))};
      const s = openStore('/nonexistent', { databaseUrl: process.env.URL });
      console.log(s.db.prepare('SELECT COUNT(*) FROM migrations').pluck().get());
      s.close();`;
    const start = () =>
      new Promise<string>((ok, fail) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script],
          { env: { ...process.env, URL: databaseUrl } },
          (err, stdout, stderr) => (err ? fail(new Error(stderr || err.message)) : ok(stdout.trim())),
        ),
      );
    const both = Promise.all([start(), start()]);
    const waiting = async () =>
      (await holder.query('SELECT COUNT(*)::int AS n FROM pg_locks WHERE NOT granted')).rows[0].n as number;
    await expect.poll(waiting).toBe(2);
    await holder.query('COMMIT');
    await holder.end();
    expect(await both).toEqual([`${MIGRATIONS.length}`, `${MIGRATIONS.length}`]);
  });

  it("throws Postgres's own error, and an unreachable server fails the open instead of hanging", async () => {
    const store = openStore('/nonexistent', { databaseUrl: await pg.createDatabase('errors') });
    const insert = store.db.prepare('INSERT INTO events (run_id, seq, json) VALUES (?, ?, ?)');
    insert.run('r', 1, '{}');
    expect(() => insert.run('r', 1, '{}')).toThrow(/duplicate key value violates unique constraint "events_pkey"/);
    expect(() => store.db.prepare('SELECT nope FROM events').all()).toThrow(/column "nope" does not exist/);
    store.close();
    const nobody = `postgres://postgres:x@127.0.0.1:${await freePort()}/none`;
    expect(() => openStore('/nonexistent', { databaseUrl: nobody })).toThrow(/ECONNREFUSED/);
  });

  it('numbers placeholders outside quotes and comments only', () => {
    expect(toPgPlaceholders(`SELECT '?', "a?" FROM t -- why?\nWHERE a = ? AND b = ?`)).toBe(
      `SELECT '?', "a?" FROM t -- why?\nWHERE a = $1 AND b = $2`,
    );
  });
});
