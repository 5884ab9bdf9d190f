import type { EngineKind } from '../../shared/events.ts';
import { directoryMediaStore } from '../media-store/directory-store.ts';
import type { EngineOptions } from './engine.ts';
import { eventLog } from './event-log.ts';
import { inFlight } from './in-flight.ts';
import { localExecutors as defaultExecutors } from './local-executors.ts';
import { mediaKeeper } from './media-keeper.ts';
import { RunRequestError } from './prepare-run.ts';
import { publisher, type EngineTarget } from './publisher.ts';
import type { RunExecution } from './run-execution.ts';
import { slots } from './slots.ts';
import { turns } from './turns.ts';
import { webhookWaiters } from './webhook-waiters.ts';

/**
 * What every part of one engine shares: the stores, the event log, kept media, the fal webhook waits, the runs this
 * process executes, and the dependencies each of their nodes runs with (node-runner.ts).
 */
export function engineContext(o: EngineOptions) {
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

  return { o, store, cluster, log, media, waiters, counters, active, starts, defaultEngine, deps, targetFor };
}

export type EngineContext = ReturnType<typeof engineContext>;
