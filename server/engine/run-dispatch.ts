import { TERMINAL_RUN } from '../../shared/events.ts';
import { runDetail } from '../store/runs-store.ts';
import { cancelUnstarted, failUnstarted } from './cluster.ts';
import type { EngineContext } from './engine-context.ts';
import { RunExecution } from './run-execution.ts';
import { notifyRunWebhook } from './run-webhook.ts';

/**
 * Where a stored run executes: here, as a RunExecution, or (a team server's API) on whichever worker takes its job
 * from the queue. Also what reaches a run wherever it is: a cancel, a resume after a restart, a close.
 */
export function runDispatch(ctx: EngineContext) {
  const { o, store, cluster, log, active, starts, defaultEngine, deps, targetFor } = ctx;

  function execute(runId: string) {
    const run = store.runs.get(runId)!;
    const exec = new RunExecution(run, store.runs.nodes(runId), {
      ...deps,
      target: targetFor(run.options.engine ?? defaultEngine),
    });
    active.set(runId, exec);
    exec.done.then(() => {
      active.delete(runId);
      const final = store.runs.get(runId)!;
      if (final.options.webhook && TERMINAL_RUN.includes(final.status))
        void notifyRunWebhook(final.options.webhook, runDetail(final, store.runs.nodes(runId)), {
          allowOrigins: o.runWebhookAllowOrigins,
          baseUrl: o.publicBaseUrl,
        });
    });
    // Started in a later turn: a burst of runs is scheduled in slices, never as one long block of the event loop.
    starts.later(() => exec.start());
    return exec;
  }

  /** Here, or (a team server's API) to the job queue a worker takes it from. */
  function dispatch(runId: string) {
    if (!cluster.dispatch) return void execute(runId);
    // The run is stored as queued: a dispatch lost here is sent again by the next API start (`resume`).
    cluster.dispatch(runId).catch((err) => console.error(`run ${runId}: could not queue it:`, err));
  }

  return {
    dispatch,
    isActive: (runId: string) => active.has(runId),
    async cancelRun(id: string): Promise<boolean> {
      const run = store.runs.get(id);
      // Kept with the run before anyone is told: a process that takes the run up later (a team's worker after a
      // takeover, this one after a restart) ends it cancelled instead of resuming it (RunExecution.start).
      if (run && !TERMINAL_RUN.includes(run.status)) store.runs.requestCancel(id);
      const exec = active.get(id);
      if (exec) {
        await exec.cancel();
        return true;
      }
      if (!cluster.cancel || !run || TERMINAL_RUN.includes(run.status)) return false;
      if ((await cluster.cancel(id)) === 'queued') cancelUnstarted(id, store.runs, log);
      return true;
    },
    /**
     * A worker of a team server: executes a run its job handed it, resolving once the run has ended. Throws when it
     * stopped before ending (this process is closing), so the job goes back to the queue for another worker.
     */
    async executeRun(id: string): Promise<void> {
      const run = store.runs.get(id);
      if (!run || TERMINAL_RUN.includes(run.status)) return;
      const kind = run.options.engine ?? defaultEngine;
      if (!o.targets[kind]) {
        const message =
          kind === 'fal'
            ? 'The worker that took this run has no FAL_KEY: start every worker with the same FAL_KEY as the API'
            : 'The worker that took this run has no local engine for previews: give every worker the same LOCAL_FAL_URL';
        // Never started: it fails now, in words. Started elsewhere (a takeover): it may hold requests at fal, so it
        // goes back to the queue for a worker that can follow them, after a pause rather than in a hot loop.
        if (run.status === 'queued') return failUnstarted(id, store.runs, log, message);
        await new Promise((r) => setTimeout(r, 2000));
        throw new Error(`run ${id}: ${message}`);
      }
      await (active.get(id) ?? execute(id)).done;
      const after = store.runs.get(id)!;
      if (!TERMINAL_RUN.includes(after.status)) throw new Error(`run ${id} stopped before it ended (${after.status})`);
    },
    /** Re-attaches every run a previous process left unfinished. */
    resume(): number {
      const runs = store.runs.unfinished();
      // A team server's jobs outlive any process; queueing again is a no-op for a run whose job exists.
      for (const r of runs) if (!active.has(r.id)) dispatch(r.id);
      return runs.length;
    },
    /** Stops following runs without marking them; the next `resume()` continues them. */
    async close() {
      const all = [...active.values()];
      for (const e of all) e.stop();
      await Promise.all(all.map((e) => e.done));
    },
  };
}
