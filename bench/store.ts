import { rm } from 'node:fs/promises';
import { openStore, type Store } from '../server/store/index.ts';
import { startEmbeddedPostgres } from '../server/store/pg/embedded-postgres.ts';
import { benchDir } from './bench-util.ts';
import type { BenchRow } from './table.ts';

const NODES = 20;
const EVENTS = 3000;

/**
 * Events recorded per second, the engine's hot write: each is one `runs.record` transaction (the node's whole state
 * plus the event row), as a node moves queued → running → progress → done. SQLite (WAL, no flush per commit) against
 * Postgres through the synchronous worker-thread bridge, without and with a disk flush per commit.
 */
function eventsPerSecond(store: Store): number {
  const ids = Array.from({ length: NODES }, (_, i) => `n${i}`);
  const graph = { version: 1, nodes: [], edges: [] } as unknown as Parameters<Store['runs']['create']>[0]['graph'];
  store.runs.create({ id: 'bench', graph, options: { salts: {} } }, ids);
  const t0 = performance.now();
  for (let seq = 1; seq <= EVENTS; seq++) {
    const nodeId = ids[seq % NODES];
    store.runs.record(
      'bench',
      seq,
      { type: 'node.progress', nodeId, logs: [`step ${seq}`] },
      { node: { state: 'running', log: `step ${seq}`, attempt: 1, position: seq % 7, estimate: 0.25 } },
    );
  }
  const ms = performance.now() - t0;
  if (store.runs.lastSeq('bench') !== EVENTS) throw new Error('events went missing');
  return (EVENTS * 1000) / ms;
}

export async function run(): Promise<BenchRow[]> {
  const row = (metric: string, value: number, note: string): BenchRow => ({
    bench: 'store',
    metric,
    value,
    unit: 'events/s',
    note,
  });
  const rows: BenchRow[] = [];
  const dir = await benchDir();
  try {
    const sqlite = openStore(dir);
    rows.push(row('events recorded, SQLite', eventsPerSecond(sqlite), `${EVENTS} record() transactions`));
    sqlite.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  for (const durable of [false, true]) {
    const pg = await startEmbeddedPostgres({ durable });
    try {
      const store = openStore('', { databaseUrl: await pg.createDatabase('bench') });
      const perSecond = eventsPerSecond(store);
      store.close();
      rows.push(
        row(
          `events recorded, Postgres${durable ? ' (flush per commit)' : ''}`,
          perSecond,
          `${((100 * perSecond) / rows[0].value).toFixed(0)}% of SQLite; embedded, loopback`,
        ),
      );
    } finally {
      await pg.stop();
    }
  }
  return rows;
}
