import { batchesStore } from './batches-store.ts';
import { cacheStore, mediaStore } from './cache-store.ts';
import { openDb } from './db.ts';
import { graphsStore } from './graphs-store.ts';
import { jobsStore } from './jobs-store.ts';
import { publishedStore } from './published-store.ts';
import { runsStore } from './runs-store.ts';

/** Every table behind one object, opened on `<dataDir>/pikaflow.db`. */
export function openStore(dataDir: string) {
  const db = openDb(dataDir);
  return {
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
