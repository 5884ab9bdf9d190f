import { randomUUID } from 'node:crypto';
import type { EstimateResponse, RunDetail } from '../../shared/api.ts';
import type { EngineKind } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import { TERMINAL_RUN, type RunEvent } from '../../shared/events.ts';
import type { Store } from '../store/index.ts';
import { runDetail } from '../store/runs-store.ts';
import { cancelUnstarted, type EngineCluster, failUnstarted } from './cluster.ts';
import { inFlight } from './in-flight.ts';
import { eventLog, type RunListener } from './event-log.ts';
import { localExecutors as defaultExecutors, type LocalExecutor } from './local-executors.ts';
import { directoryMediaStore } from '../media-store/directory-store.ts';
import type { MediaStore } from '../media-store/media-store.ts';
import { mediaKeeper } from './media-keeper.ts';
import { estimate, prepareRun, RunRequestError, type RunRequest } from './prepare-run.ts';
import { publisher, type EngineTarget } from './publisher.ts';
import { RunExecution } from './run-execution.ts';
import { notifyRunWebhook } from './run-webhook.ts';
import { slots } from './slots.ts';
import { turns } from './turns.ts';
import { webhookWaiters } from './webhook-waiters.ts';

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
 */
export function createEngine(o: EngineOptions) {
  const { store } = o;
  const cluster = o.cluster ?? {};
  const log = eventLog(store.runs, cluster.recorded);
  const files = o.mediaStore ?? directoryMediaStore(o.mediaDir);
  const media = mediaKeeper(files, store.media, { dir: o.mediaDir, allowOrigins: o.allowOrigins });
  const waiters = webhookWaiters();
  const counters = { submitted: 0 };
  const active = new Map<string, RunExecution>();
  const starts = turns();
  const retry = o.retry ?? { max: 4, baseMs: 1000 };
  const defaultEngine: EngineKind = o.targets.fal ? 'fal' : 'local';
  const deps = {
    cache: store.cache,
    jobs: store.jobs,
    media,
    publisher: publisher(media, store.published),
    slots: cluster.slots ?? slots(o.concurrency ?? 4),
    pollMs: o.pollIntervalMs ?? 1000,
    retry,
    follow: o.follow ?? { max: retry.max * 3, baseMs: retry.baseMs, maxMs: retry.maxMs ?? 30_000 },
    submitPolicy: o.submitPolicy ?? 'ask',
    webhookUrl: o.falWebhookUrl,
    wake: o.falWebhookUrl ? waiters.wait : undefined,
    localExecutors: o.localExecutors ?? defaultExecutors,
    dataDir: o.dataDir,
    mediaDir: o.mediaDir,
    counters,
    inflight: inFlight(),
    runs: store.runs,
    log,
  };

  /** The engine a run asks for, refused in words when this server has none of that kind. */
  function targetFor(kind: EngineKind | undefined): EngineTarget {
    const t = o.targets[kind ?? defaultEngine];
    if (t) return t;
    throw new RunRequestError(
      kind === 'fal'
        ? 'engine: this server has no FAL_KEY, so it can only run previews on the local engine'
        : 'engine: no local engine is available for previews',
      [{ code: 'invalid-body', field: 'engine', message: 'not available here' }],
    );
  }

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

  const engine = {
    store,
    media,
    counters,
    /** Validates, stores and starts a run; throws RunRequestError (with problems) when refused. */
    /** The engine runs use when they do not say (fal with a key, else the local engine). */
    defaultEngine,
    /** Waits held for fal webhooks (none may outlive its poll). */
    get webhookWaits() {
      return waiters.size;
    },
    startRun(req: RunRequest): RunDetail {
      const kind = req.engine ?? defaultEngine;
      targetFor(kind);
      const { graph, scope, options } = prepareRun({ ...req, engine: kind }, store.cache, {
        webhookAllowOrigins: o.runWebhookAllowOrigins,
      });
      const id = randomUUID();
      store.runs.create({ id, graphId: req.graphId, graph, options, createdBy: req.createdBy }, [...scope]);
      log.record(id, { type: 'run.queued', engine: kind });
      dispatch(id);
      return engine.getRun(id)!;
    },
    getRun(id: string): RunDetail | undefined {
      const run = store.runs.get(id);
      return run && runDetail(run, store.runs.nodes(id));
    },
    /** Resolves with the run's final detail once it ends. */
    async waitForRun(id: string): Promise<RunDetail> {
      const exec = active.get(id);
      if (exec) await exec.done;
      // A team server's API (the CLI with DATABASE_URL): a worker executes it; its terminal event ends the wait.
      else if (cluster.watch)
        await new Promise<void>((resolve) => {
          const ended = () => TERMINAL_RUN.includes(store.runs.get(id)?.status ?? 'cancelled');
          const off = engine.subscribe(id, () => {
            if (ended()) off(), resolve();
          });
          if (ended()) off(), resolve();
        });
      return engine.getRun(id)!;
    },
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
    subscribe(runId: string, fn: (e: RunEvent) => void) {
      const off = log.subscribe(runId, fn);
      const unwatch = cluster.watch?.(runId, log.announce);
      return () => {
        off();
        unwatch?.();
      };
    },
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
    resume(): number {
      const runs = store.runs.unfinished();
      // A team server's jobs outlive any process; queueing again is a no-op for a run whose job exists.
      for (const r of runs) if (!active.has(r.id)) dispatch(r.id);
      return runs.length;
    },
    /** A fal webhook arrived: wake the poller so it fetches the result now (we never trust the payload itself). */
    notifyFalWebhook(requestId: string): boolean {
      cluster.webhook?.(requestId);
      return waiters.notify(requestId);
    },
    /** A webhook another process received (a team server): wake the poller here, if it is here. */
    wakeFalWaiter: (requestId: string) => waiters.notify(requestId),
    /** Stops following runs without marking them; the next `resume()` continues them. */
    async close() {
      const all = [...active.values()];
      for (const e of all) e.stop();
      await Promise.all(all.map((e) => e.done));
    },
  };
  return engine;
}

export type Engine = ReturnType<typeof createEngine>;
