import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalFal } from '../server/local-fal/index.ts';
import { startServer } from '../server/start-server.ts';
import { startEmbeddedPostgres } from '../server/store/pg/embedded-postgres.ts';
import type { RunDetail } from '../shared/api.ts';
import { TERMINAL_RUN } from '../shared/events.ts';
// The soak's own spawn of `npm run worker`: one way to start a worker process, for the bench and the tests.
import { startChildWorker } from '../test/reliability/child-server.ts';

export interface TeamSetup {
  /** How long every fal job takes (the stand-in's run time, no queue delay, no render). */
  falRunMs: number;
  /** Fal jobs in flight across every worker (CONCURRENCY). */
  concurrency: number;
  /** Runs one worker executes at once (WORKER_CONCURRENCY). */
  workerConcurrency: number;
}

/**
 * A team server on this machine for the bench: an embedded Postgres, the local fal engine as a fixed-time stand-in
 * (one pre-made clip, no ffmpeg), one API in this process, and worker processes started and stopped on demand. API and
 * workers share DATABASE_URL and MEDIA_DIR; each worker has its own DATA_DIR.
 */
export async function startTeam(o: TeamSetup) {
  const dir = await mkdtemp(join(tmpdir(), 'pikaflow-team-bench-'));
  const pg = await startEmbeddedPostgres();
  // Everything started so far is stopped if a later step fails.
  const stops: (() => Promise<void>)[] = [() => pg.stop(), () => rm(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const databaseUrl = await pg.createDatabase('bench');
    const fal = await startLocalFal({ render: 'fixed', queueDelayMs: 0, runTimeMs: o.falRunMs, concurrency: 1000 });
    stops.push(() => fal.close());
    const mediaDir = join(dir, 'media');
    const api = await startServer({
      dataDir: join(dir, 'api'),
      databaseUrl,
      mediaDir,
      localFalUrl: fal.url,
      concurrency: o.concurrency,
    });
    stops.push(() => api.close());
    const workers = new Set<ChildProcess>();
    stops.push(async () => {
      await Promise.all([...workers].map(stopWorker));
    });
    let n = 0;
    return {
      api,
      fal,
      /** Starts a worker process and resolves once it says it takes jobs. */
      async addWorker(): Promise<ChildProcess> {
        const child = await startChildWorker({
          DATABASE_URL: databaseUrl,
          MEDIA_DIR: mediaDir,
          DATA_DIR: join(dir, `worker-${++n}`),
          LOCAL_FAL_URL: fal.url,
          CONCURRENCY: String(o.concurrency),
          WORKER_CONCURRENCY: String(o.workerConcurrency),
        });
        workers.add(child);
        child.once('exit', () => workers.delete(child));
        return child;
      },
      stopWorkers: () => Promise.all([...workers].map(stopWorker)),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** SIGTERM (the worker hands back what it holds and exits), SIGKILL if it takes longer than its own 15 s limit. */
async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(force);
}

/**
 * Resolves with each run's final detail once all are terminal, following the API's own event streams (events reach
 * the API from the workers by LISTEN/NOTIFY) rather than polling.
 */
export function waitForRuns(api: Awaited<ReturnType<typeof startServer>>, ids: string[]): Promise<RunDetail[]> {
  return Promise.all(
    ids.map(
      (id) =>
        new Promise<RunDetail>((resolve) => {
          const check = () => {
            const run = api.engine.getRun(id);
            if (!run || !TERMINAL_RUN.includes(run.status)) return false;
            off();
            resolve(run);
            return true;
          };
          const off = api.engine.subscribe(id, (e) => {
            if (e.type !== 'run.completed' && e.type !== 'run.failed' && e.type !== 'run.cancelled') return;
            off();
            resolve(api.engine.getRun(id)!);
          });
          // Already over before we subscribed.
          check();
        }),
    ),
  );
}
