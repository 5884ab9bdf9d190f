import { openEngine, type EngineSetup, type OpenedEngine } from '../open-engine.ts';
import { CHANNELS } from './bus.ts';
import { openTeam, type Team } from './team-cluster.ts';

export interface WorkerOptions extends EngineSetup {
  databaseUrl: string;
  /** Runs this worker executes at once (WORKER_CONCURRENCY). */
  workerConcurrency?: number;
  /** How often an idle worker looks for jobs when no "job created" notification reached it (s, ≥ 0.5). */
  pollSeconds?: number;
}

/**
 * A team server's worker (`npm run worker`): takes run jobs off the shared queue and executes them with the same
 * engine as the single-process server, storing every event in the shared Postgres and media in the shared MEDIA_DIR.
 * Any number run on any machine that shares both. Killed, its jobs stop heartbeating and another worker takes them
 * over, resuming each run from its stored state: a node with a stored request id is re-attached, never resubmitted.
 * A cancel reaches the worker holding the run by NOTIFY; one asked while no worker held it (queued, or between two
 * workers after a takeover) is kept with the run, and the worker that takes the run ends it cancelled.
 */
export async function startWorker(
  o: WorkerOptions,
): Promise<{ engine: OpenedEngine['engine']; close(): Promise<void> }> {
  let team!: Team;
  const opened = await openEngine({
    ...o,
    team: async (store) => {
      team = await openTeam(store, {
        databaseUrl: o.databaseUrl,
        role: 'worker',
        concurrency: o.concurrency ?? 4,
        pollSeconds: o.pollSeconds,
      });
      return team;
    },
  });
  const { engine } = opened;
  team.bus.on(CHANNELS.webhook, (requestId) => engine.wakeFalWaiter(requestId));
  team.bus.on(CHANNELS.cancel, (runId) => {
    if (engine.isActive(runId)) void engine.cancelRun(runId);
  });
  await team.queue.work(o.workerConcurrency ?? 4, (runId) => engine.executeRun(runId));

  return {
    engine,
    async close() {
      await team.queue.stopTaking();
      // Runs in hand stop without recording anything; their handlers throw and the jobs go back to the queue.
      await opened.close();
    },
  };
}
