import { randomUUID } from 'node:crypto';
import type { EstimateResponse, RunDetail } from '../../shared/api.ts';
import type { EngineKind, RunEvent } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import type { MediaStore } from '../media-store/media-store.ts';
import type { Store } from '../store/index.ts';
import type { EngineCluster } from './cluster.ts';
import { engineContext } from './engine-context.ts';
import type { RunListener } from './event-log.ts';
import type { LocalExecutor } from './local-executors.ts';
import { estimate, prepareRun, type RunRequest } from './prepare-run.ts';
import type { EngineTarget } from './publisher.ts';
import { runDispatch } from './run-dispatch.ts';
import { runQueries } from './run-queries.ts';

/** The engines runs can go to: `fal` when a key is set, `local` (the built-in or LOCAL_FAL_URL engine) for previews. */
export interface EngineTargets {
  fal?: EngineTarget;
  local?: EngineTarget;
}

export interface EngineOptions {
  store: Store;
  targets: EngineTargets;
  /** The local media folder (MEDIA_DIR, default DATA_DIR/media): kept files, unless `mediaStore` says otherwise, and runs' stamped copies. */
  mediaDir: string;
  /** Where kept files live; a directory store on `mediaDir` by default. */
  mediaStore?: MediaStore;
  dataDir: string;
  /** Fal/local jobs in flight at once across all runs. */
  concurrency?: number;
  pollIntervalMs?: number;
  retry?: { max: number; baseMs: number; maxMs?: number };
  /** Retries of status, result and download once a request id exists (default: 3× `retry.max`, capped at 30 s apart). */
  follow?: { max: number; baseMs: number; maxMs?: number };
  /** After a submit with an unknown outcome: `ask` (default: the node says a job may exist) or `resubmit`. */
  submitPolicy?: 'ask' | 'resubmit';
  /** `${PUBLIC_BASE_URL}/api/fal/webhook`: fal pushes completion there; polling stays as the fallback. */
  falWebhookUrl?: string;
  /** Where this server is reachable from outside: run webhooks then carry absolute media URLs. */
  publicBaseUrl?: string;
  localExecutors?: Record<string, LocalExecutor>;
  /** Private origins run webhooks may still reach (tests); everything else must be public. */
  runWebhookAllowOrigins?: string[];
  /** Private origins we may still fetch from (the local fal engine); everything else must be public. */
  allowOrigins?: string[];
  /** A team server's shared queue, events and limits (engine/cluster.ts); absent in single-process mode. */
  cluster?: EngineCluster;
}

/**
 * The execution engine without HTTP: the API routes and the CLI both drive it. Runs are stored before they start,
 * every event is stored before it is announced, and `resume()` picks up what a previous process left running.
 * Where runs execute is run-dispatch.ts; reading them, run-queries.ts; what its parts share, engine-context.ts.
 */
export function createEngine(o: EngineOptions) {
  const ctx = engineContext(o);
  const { store, cluster, log, media, waiters, counters, defaultEngine, targetFor } = ctx;
  const runs = runDispatch(ctx);
  const queries = runQueries(ctx);

  const engine = {
    store,
    media,
    counters,
    /** The engine runs use when they do not say (fal with a key, else the local engine). */
    defaultEngine,
    /** Waits held for fal webhooks (none may outlive its poll). */
    get webhookWaits() {
      return waiters.size;
    },
    /** Validates, stores and starts a run; throws RunRequestError (with problems) when refused. */
    startRun(req: RunRequest): RunDetail {
      const kind = req.engine ?? defaultEngine;
      targetFor(kind);
      const { graph, scope, options } = prepareRun({ ...req, engine: kind }, store.cache, {
        webhookAllowOrigins: o.runWebhookAllowOrigins,
      });
      const id = randomUUID();
      store.runs.create({ id, graphId: req.graphId, graph, options, createdBy: req.createdBy }, [...scope]);
      log.record(id, { type: 'run.queued', engine: kind });
      runs.dispatch(id);
      return engine.getRun(id)!;
    },
    getRun: queries.getRun,
    /** Resolves with the run's final detail once it ends. */
    waitForRun: queries.waitForRun,
    /** For the CLI: start, follow events (each once, in order), resolve with the final detail. */
    async runGraph(graph: Graph, opts: Omit<RunRequest, 'graph'> = {}, onEvent?: RunListener): Promise<RunDetail> {
      const started = engine.startRun({ ...opts, graph });
      let last = 0;
      const once = (e: RunEvent) => {
        if (e.seq <= last) return;
        last = e.seq;
        onEvent?.(e);
      };
      const off = onEvent ? engine.subscribe(started.id, once) : () => {};
      for (const e of store.runs.events(started.id)) once(e);
      try {
        return await engine.waitForRun(started.id);
      } finally {
        off();
      }
    },
    /** Live events of one run (stored ones: `store.runs.events(id, since)`). */
    subscribe: queries.subscribe,
    isActive: runs.isActive,
    cancelRun: runs.cancelRun,
    /** A worker of a team server: executes a run its job handed it (run-dispatch.ts). */
    executeRun: runs.executeRun,
    /**
     * A new run of the same graph with one node forced to generate anew (its dependents follow): a generation node
     * gets one take more, picked, so the new run's graph holds it and a run of that graph later finds it in the cache
     * (prepare-run.ts). Throws RunRequestError when that node has the most takes one node makes.
     */
    reroll(runId: string, nodeId: string, createdBy?: string): RunDetail | undefined {
      const run = store.runs.get(runId);
      return (
        run &&
        engine.startRun({
          graph: run.graph,
          graphId: run.graphId,
          only: run.options.only,
          reroll: [nodeId],
          engine: run.options.engine,
          createdBy,
        })
      );
    },
    estimate(graph: Graph, only?: string[], kind: EngineKind = defaultEngine): EstimateResponse {
      return estimate(graph, only, store.cache, {}, kind);
    },
    /** Re-attaches every run a previous process left unfinished. */
    resume: runs.resume,
    /** A fal webhook arrived: wake the poller so it fetches the result now (we never trust the payload itself). */
    notifyFalWebhook(requestId: string): boolean {
      cluster.webhook?.(requestId);
      return waiters.notify(requestId);
    },
    /** A webhook another process received (a team server): wake the poller here, if it is here. */
    wakeFalWaiter: (requestId: string) => waiters.notify(requestId),
    /** Stops following runs without marking them; the next `resume()` continues them. */
    close: runs.close,
  };
  return engine;
}

export type Engine = ReturnType<typeof createEngine>;
