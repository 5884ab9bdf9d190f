import { batchesStore } from './batches-store.ts';
import { cacheStore, mediaStore } from './cache-store.ts';
import { openDb } from './db.ts';
import { graphsStore } from './graphs-store.ts';
import { jobsStore } from './jobs-store.ts';
import { openPgDb } from './pg/pg-db.ts';
import { publishedStore } from './published-store.ts';
import { runsStore } from './runs-store.ts';

export const isPostgresUrl = (url?: string): url is string => !!url && /^postgres(ql)?:\/\//.test(url);

/**
 * Every table behind one object: on `<dataDir>/pikaflow.db` (SQLite, the default), or on the Postgres database at
 * `databaseUrl` (DATABASE_URL) that several processes and machines share. Both speak the same synchronous API.
 */
export function openStore(dataDir: string, o: { databaseUrl?: string } = {}) {
  const kind: 'sqlite' | 'postgres' = isPostgresUrl(o.databaseUrl) ? 'postgres' : 'sqlite';
  const db = kind === 'postgres' ? openPgDb(o.databaseUrl!) : openDb(dataDir);
  return {
    kind,
    db,
    graphs: graphsStore(db),
    runs: runsStore(db),
    cache: cacheStore(db),
    media: mediaStore(db),
    batches: batchesStore(db),
    jobs: jobsStore(db),
    published: publishedStore(db),
    close: () => db.close(),
  };
}

export type Store = ReturnType<typeof openStore>;
