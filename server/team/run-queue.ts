import { PgBoss } from 'pg-boss';

/** The pg-boss queue of run jobs: one job per run, its id the run's id. */
export const RUN_QUEUE = 'pikaflow-runs';
/**
 * A worker that stops heartbeating (killed, frozen, cut off) loses its job after this long and another worker takes
 * it over, re-attaching to the request ids the run stored: the smallest pg-boss allows.
 */
export const HEARTBEAT_SECONDS = 10;

export interface RunJob {
  runId: string;
}

/**
 * The team server's job queue (pg-boss on the shared Postgres). A job is a run's execution: the worker holding it
 * runs the run's ready-queue and heartbeats; when it dies the job goes back to the queue (retry) for another worker.
 * The job id is the run id, so sending a run twice (a resume after a crash between storing and sending) is a no-op.
 */
export async function openRunQueue(connectionString: string, o: { pollSeconds?: number; role?: string } = {}) {
  const boss = new PgBoss({
    connectionString,
    // The registry of live processes: the API tells a designer whose run waits whether any worker is there to take it.
    instanceName: `pikaflow-${o.role ?? 'api'}`,
    instanceHeartbeatSeconds: 5,
    // Workers wake when a job is created instead of waiting for their next poll.
    useListenNotify: true,
    // How often pg-boss looks for jobs whose worker stopped heartbeating (default 60 s). Both: the heartbeat check is
    // part of the monitor pass, which only runs on the supervise timer; with that at its default a killed worker's
    // run waited up to 70 s for a takeover instead of HEARTBEAT_SECONDS and a bit.
    monitorIntervalSeconds: 2,
    superviseIntervalSeconds: 2,
  });
  boss.on('error', (err) => console.error('job queue:', err.message));
  await boss.start();
  if (!(await boss.getQueue(RUN_QUEUE)))
    await boss
      .createQueue(RUN_QUEUE, {
        heartbeatSeconds: HEARTBEAT_SECONDS,
        notify: true,
        // A run lasts as long as its slowest fal jobs; liveness is the heartbeat's business, not a deadline.
        expireInSeconds: 24 * 60 * 60,
        // Each retry is a takeover of a run whose worker died, which resumes it: never give a run up for that.
        retryLimit: 1000,
        retryDelay: 0,
      })
      .catch(async (err) => {
        // Two processes starting at once: the other one created it.
        if (!(await boss.getQueue(RUN_QUEUE))) throw err;
      });

  return {
    boss,
    async dispatch(runId: string): Promise<void> {
      await boss.send(RUN_QUEUE, { runId } satisfies RunJob, { id: runId });
    },
    /** Takes a run's job off the queue if no worker holds it yet; true when it did (the caller records the cancel). */
    async cancelQueued(runId: string): Promise<boolean> {
      const job = await boss.getJobById(RUN_QUEUE, runId);
      if (!job || (job.state !== 'created' && job.state !== 'retry')) return false;
      await boss.cancel(RUN_QUEUE, runId);
      return (await boss.getJobById(RUN_QUEUE, runId))?.state === 'cancelled';
    },
    /** Takes run jobs, `concurrency` at a time; `run` resolves when the run ended and throws if it did not. */
    async work(concurrency: number, run: (runId: string) => Promise<void>) {
      const poll = o.pollSeconds ?? 2;
      await boss.work<RunJob>(
        RUN_QUEUE,
        // With NOTIFY on, pg-boss waits notifyPollingIntervalSeconds (default 30 s) after each job before the next
        // fetch unless a new job is created meanwhile: a backlog of runs would be taken one per 30 s per slot.
        {
          localConcurrency: concurrency,
          pollingIntervalSeconds: poll,
          notifyPollingIntervalSeconds: poll,
          batchSize: 1,
        },
        async ([job]) => run(job.data.runId),
      );
    },
    /** Workers alive: pg-boss's registry of instances, each heard from within three 5 s heartbeats. */
    async workers(): Promise<number> {
      return (await boss.getInstances()).filter((i) => i.live && i.name === 'pikaflow-worker').length;
    },
    /** Takes no more jobs; jobs in hand keep running (a closing worker then stops them, and they go back). */
    async stopTaking() {
      await boss.offWork(RUN_QUEUE, { wait: false });
    },
    /** Graceful: waits (bounded) for the handlers in hand to report, so their jobs are failed back at once. */
    async close() {
      await boss.stop({ graceful: true, close: true, timeout: 10_000 });
    },
  };
}

export type RunQueue = Awaited<ReturnType<typeof openRunQueue>>;
