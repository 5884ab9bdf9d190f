import type { RunDetail } from '../../shared/api.ts';
import { TERMINAL_RUN, type RunEvent } from '../../shared/events.ts';
import { runDetail } from '../store/runs-store.ts';
import type { EngineContext } from './engine-context.ts';

/** Reading runs, wherever they execute: their detail, their live events, their end. */
export function runQueries(ctx: EngineContext) {
  const { store, cluster, log, active } = ctx;

  function getRun(id: string): RunDetail | undefined {
    const run = store.runs.get(id);
    return run && runDetail(run, store.runs.nodes(id));
  }

  /** Live events of one run (stored ones: `store.runs.events(id, since)`). */
  function subscribe(runId: string, fn: (e: RunEvent) => void) {
    const off = log.subscribe(runId, fn);
    const unwatch = cluster.watch?.(runId, log.announce);
    return () => {
      off();
      unwatch?.();
    };
  }

  /** Resolves with the run's final detail once it ends. */
  async function waitForRun(id: string): Promise<RunDetail> {
    const exec = active.get(id);
    if (exec) await exec.done;
    // A team server's API (the CLI with DATABASE_URL): a worker executes it; its terminal event ends the wait.
    else if (cluster.watch)
      await new Promise<void>((resolve) => {
        const ended = () => TERMINAL_RUN.includes(store.runs.get(id)?.status ?? 'cancelled');
        const off = subscribe(id, () => {
          if (ended()) off(), resolve();
        });
        if (ended()) off(), resolve();
      });
    return getRun(id)!;
  }

  return { getRun, subscribe, waitForRun };
}
