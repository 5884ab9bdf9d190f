import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../server/engine/engine.ts';
import { openStore } from '../../server/store/index.ts';
import { type EmbeddedPg, startEmbeddedPostgres } from '../../server/store/pg/embedded-postgres.ts';
import { graphOf } from '../engine/engine-harness.ts';
import { fakeFal } from '../engine/fake-fal.ts';

/** The whole engine, in one process, on a Postgres store: what the SQLite engine tests check, once, end to end. */
let pg: EmbeddedPg;
beforeAll(async () => {
  pg = await startEmbeddedPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

it('runs a paid chain on Postgres: every event stored in order, receipts closed, and a rerun served from the cache', async () => {
  const fake = await fakeFal();
  const dataDir = await mkdtemp(join(tmpdir(), 'pikaflow-pg-engine-'));
  const store = openStore(dataDir, { databaseUrl: await pg.createDatabase('engine') });
  const engine = createEngine({
    store,
    targets: { fal: { kind: 'fal', fal: fake.fal, key: 'fal', trustedOrigins: [fake.origin] } },
    dataDir,
    mediaDir: join(dataDir, 'media'),
    concurrency: 4,
    pollIntervalMs: 5,
    retry: { max: 2, baseMs: 5 },
    allowOrigins: [fake.origin],
  });
  try {
    const graph = graphOf(
      [
        ['a', 'pika-turbo-text-to-video', 1],
        ['s', 'pika-pikaswaps'],
      ],
      [['a', 's']],
    );
    const { id } = engine.startRun({ graph });
    await fake.until(() => fake.jobs.length === 1);
    fake.finish(fake.jobs[0].id);
    await fake.until(() => fake.jobs.length === 2);
    fake.finish(fake.jobs[1].id);
    const run = await engine.waitForRun(id);
    expect(run.status).toBe('completed');
    expect(run.cost).toBeGreaterThan(0);
    const seqs = store.runs.events(id).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(store.runs.nodes(id).map((n) => [n.nodeId, n.state, typeof n.cost])).toEqual([
      ['a', 'done', 'number'],
      ['s', 'done', 'number'],
    ]);
    expect(store.jobs.open()).toEqual([]);

    const again = engine.startRun({ graph });
    expect((await engine.waitForRun(again.id)).status).toBe('completed');
    expect(store.runs.events(again.id).filter((e) => e.type === 'node.cached')).toHaveLength(2);
    expect(fake.jobs).toHaveLength(2);
  } finally {
    await engine.close();
    store.close();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
