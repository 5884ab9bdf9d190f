import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { startEmbeddedPostgres, type EmbeddedPg } from '../../server/store/pg/embedded-postgres.ts';
import { HEARTBEAT_SECONDS } from '../../server/team/run-queue.ts';
import { startWorker } from '../../server/team/worker.ts';
import { killHard, startChildWorker } from '../reliability/child-server.ts';
import { api, FAST_SERVER, graph, readSse, tmpDir, waitRun } from '../server/helpers.ts';

/**
 * A cancel on a team server is durable: asked for while no worker holds the run (its worker was SIGKILLed and
 * pg-boss has not handed the job to another yet, so nobody hears the NOTIFY), it is stored with the run, and the next
 * worker to take the run ends it cancelled: it cancels the request the dead worker left at fal and submits nothing.
 * An embedded Postgres, the API in this process, the dying worker a child process, the next one in this process.
 */
let pgServer: EmbeddedPg;
let fal: LocalFalEngine;
let dir: string;
let server: RunningServer;
let db: pg.Client;
const children = new Set<ChildProcess>();
let common: Record<string, string>;
let databaseUrl: string;

beforeAll(async () => {
  pgServer = await startEmbeddedPostgres();
  databaseUrl = await pgServer.createDatabase('cancel');
  // Every fal job runs a minute: the request is still at fal when the next worker comes to cancel it.
  fal = await startLocalFal({ render: 'fixed', queueDelayMs: 0, runTimeMs: 60_000 });
  dir = await tmpDir('pikaflow-team-cancel-');
  common = { DATABASE_URL: databaseUrl, MEDIA_DIR: join(dir, 'media'), LOCAL_FAL_URL: fal.url };
  server = await startServer({
    ...FAST_SERVER,
    databaseUrl,
    mediaDir: common.MEDIA_DIR,
    localFalUrl: fal.url,
    dataDir: join(dir, 'api'),
  });
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
});
afterAll(async () => {
  for (const c of children) await killHard(c);
  await db?.end();
  await server?.close();
  await fal?.close();
  await pgServer?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const jobState = async (runId: string) =>
  (await db.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [runId])).rows[0]?.state;

it('a cancel asked while the run waits in retry (its worker killed) is not lost: the next worker ends it cancelled, submitting nothing', async () => {
  const child = await startChildWorker({ ...common, DATA_DIR: join(dir, 'worker-1'), POLL_INTERVAL_MS: '40' });
  children.add(child);
  const t2v = graph(
    [
      ['t', 'pika-turbo-text-to-video', { prompt: 'team: a cancel nobody heard', seed: 1 }],
      ['out', 'output'],
    ],
    [['t.video', 'out.in']],
  );
  const res = await api<RunDetail>(server.url, '/api/runs', { json: { graph: t2v } });
  expect(res.status).toBe(201);
  const id = res.body.id;
  const seen = await readSse(`${server.url}/api/runs/${id}/events`, {}, (ev) =>
    ev.some((e) => e.event.type === 'node.submitted'),
  );
  const requestId = seen.map((e) => e.event).find((e) => e.type === 'node.submitted')!.requestId;

  await killHard(child);
  // pg-boss hands the job back once the dead worker's heartbeat is overdue: until another worker takes it, nobody
  // holds the run, and a NOTIFY reaches no one.
  await expect.poll(() => jobState(id), { timeout: (HEARTBEAT_SECONDS + 60) * 1000, interval: 250 }).toBe('retry');
  const cancelsBefore = fal.counters.requests.cancel ?? 0;
  const cancel = await api<RunDetail>(server.url, `/api/runs/${id}/cancel`, { method: 'POST' });
  expect(cancel.status).toBe(200);
  expect(cancel.body.status).toBe('running'); // nobody here to end it yet
  // …but anyone who looks (a reloaded editor, another teammate) is told a cancel was asked: the run bar says
  // "Cancelling…" rather than a plain "Running".
  expect(cancel.body.cancelRequested).toBe(true);
  expect((await api<RunDetail>(server.url, `/api/runs/${id}`)).body.cancelRequested).toBe(true);
  expect(await jobState(id)).toBe('retry');

  const next = await startWorker({
    ...FAST_SERVER,
    databaseUrl,
    mediaDir: common.MEDIA_DIR,
    localFalUrl: fal.url,
    dataDir: join(dir, 'worker-2'),
    pollSeconds: 0.5,
  });
  try {
    const run = await waitRun(server.url, id);
    expect(run.status).toBe('cancelled');
    expect(run.cancelRequested).toBeUndefined(); // ended: nothing is pending any more
    expect(run.nodes.t.state).toBe('cancelled');
    expect(run.nodes.t.requestId).toBe(requestId);
    // The request the dead worker left at fal was cancelled there; nothing was sent again.
    expect(fal.counters.requests.cancel ?? 0).toBeGreaterThan(cancelsBefore);
    expect(fal.counters.acceptedIds).toEqual([requestId]);
    expect(next.engine.counters.submitted).toBe(0);
    const types = (await readSse(`${server.url}/api/runs/${id}/events`)).map((e) => e.event.type);
    expect(types.slice(-3)).toEqual(['node.cancelled', 'node.cancelled', 'run.cancelled']);
  } finally {
    await next.close();
  }
});
