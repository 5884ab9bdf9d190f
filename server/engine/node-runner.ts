import { join } from 'node:path';
import type { FalClient } from '@fal-ai/client';
import type { NodeDef, NodeOutputs, PortValues } from '../../shared/define-node.ts';
import type { RunEventBody } from '../../shared/events.ts';
import type { CacheStore } from '../store/cache-store.ts';
import type { NodeRecord } from '../store/runs-store.ts';
import type { StateChange } from './event-log.ts';
import { NodeFailure, withRetry, type RetryPolicy } from './errors.ts';
import { runFalJob } from './fal-job.ts';
import { settledOrStopped, type InFlight } from './in-flight.ts';
import { runLocalStep, type LocalExecutor } from './local-executors.ts';
import type { MediaKeeper } from './media-keeper.ts';
import type { Slots } from './slots.ts';

export interface NodeRunnerDeps {
  fal: FalClient;
  cache: CacheStore;
  media: MediaKeeper;
  slots: Slots;
  pollMs: number;
  retry: RetryPolicy;
  webhookUrl?: string;
  wake?: (requestId: string) => Promise<void>;
  localExecutors: Record<string, LocalExecutor>;
  dataDir: string;
  /** Results being produced right now, by fingerprint, across all runs. */
  inflight: InFlight;
  /** Counts fal submissions (tests and the bench read it). */
  counters: { submitted: number };
}

export interface NodeJob {
  runId: string;
  nodeId: string;
  def: NodeDef;
  params: Record<string, unknown>;
  inputs: PortValues;
  fingerprint: string;
  /** The stored execution: a request id here means re-attach, never resubmit. */
  record: NodeRecord;
  signal: AbortSignal;
  emit(body: RunEventBody, change?: StateChange): void;
  /** Stores a field without announcing it (used when the run was stopped while a submit was in flight). */
  patch(change: Partial<NodeRecord>): void;
  /** False once the run was cancelled or the server is stopping. */
  live(): boolean;
  /** Cancels a request submitted after the run was cancelled. */
  orphaned(endpoint: string, requestId: string): void;
}

const now = () => new Date().toISOString();

/** Runs one node to its outputs (original URLs), announcing each step. Throws NodeFailure or Stopped. */
export async function runNode(deps: NodeRunnerDeps, job: NodeJob): Promise<{ outputs: NodeOutputs; cost: number }> {
  const { def, nodeId } = job;
  if (def.emit) {
    const outputs = def.emit(job.params, job.inputs);
    return complete(deps, job, outputs, 0, Date.now());
  }
  const hit = deps.cache.get(job.fingerprint);
  // Resumed after a crash between caching this node's own fal result and marking it done: the result is this run's
  // paid work (same request id), so it completes with its cost instead of passing as a free cache hit.
  const own = !!job.record.requestId && (job.record.state === 'queued' || job.record.state === 'running');
  if (hit && own) {
    await keepMedia(deps, job, hit.outputs);
    return complete(deps, job, hit.outputs, hit.cost, Date.now());
  }
  if (hit) {
    await keepMedia(deps, job, hit.outputs);
    const outputs = deps.media.expose(hit.outputs);
    job.emit({ type: 'node.cached', nodeId, outputs },
      { node: { state: 'cached', outputs, originalOutputs: hit.outputs, cost: 0, fingerprint: job.fingerprint, endedAt: now() } });
    return { outputs: hit.outputs, cost: 0 };
  }
  // A node resumed with its own request in flight re-attaches to it: waiting for another run's copy would throw
  // away a result that is already being paid for.
  const shared = own ? undefined : deps.inflight.get(job.fingerprint);
  if (shared) {
    job.emit({ type: 'node.progress', nodeId, logs: ['Another run is making this exact result; waiting for it'] },
      { node: { state: 'running', fingerprint: job.fingerprint, startedAt: now() } });
    await settledOrStopped(shared, job.signal);
    // Now a cache hit, or the other run failed and this one produces it itself.
    return runNode(deps, job);
  }
  return deps.inflight.lead(job.fingerprint, () => produce(deps, job));
}

async function produce(deps: NodeRunnerDeps, job: NodeJob) {
  const { def } = job;
  const release = await deps.slots.acquire(job.signal);
  try {
    const t0 = Date.now();
    const raw = def.endpoint ? await runFal(deps, job, def.endpoint) : await runLocal(deps, job);
    const outputs = def.endpoint ? def.result(raw) : (raw as NodeOutputs);
    const cost = def.endpoint ? def.cost(job.params) : 0;
    // Cache before copying media: the result is paid for, so it must survive even if keeping a copy fails.
    deps.cache.put(job.fingerprint, def.type, outputs, cost);
    await keepMedia(deps, job, outputs);
    return complete(deps, job, outputs, cost, t0);
  } finally {
    release();
  }
}

function complete(deps: NodeRunnerDeps, job: NodeJob, original: NodeOutputs, cost: number, t0: number) {
  const outputs = deps.media.expose(original);
  job.emit({ type: 'node.completed', nodeId: job.nodeId, outputs, cost, ms: Date.now() - t0 },
    { node: { state: 'done', outputs, originalOutputs: original, cost, fingerprint: job.fingerprint, endedAt: now() } });
  return { outputs: original, cost };
}

/** Copies every image/video output locally (retrying network faults); the client is shown our copy. */
async function keepMedia(deps: NodeRunnerDeps, job: NodeJob, outputs: NodeOutputs) {
  for (const port of job.def.outputs) {
    const url = outputs[port.name];
    if (port.kind === 'text' || !url || !/^https?:\/\//.test(url)) continue;
    try {
      await withRetry(() => deps.media.keep(url, job.signal), deps.retry, { signal: job.signal });
    } catch (err) {
      if (!job.live()) throw err;
      throw new NodeFailure('transient', `Could not keep a copy of ${port.name}: ${(err as Error).message}`);
    }
  }
}

async function runFal(deps: NodeRunnerDeps, job: NodeJob, endpoint: string): Promise<unknown> {
  const { nodeId, record } = job;
  const reattach = record.requestId && (record.state === 'queued' || record.state === 'running') ? record.requestId : undefined;
  const attempt = (record.attempt ?? 0) + (reattach ? 0 : 1);
  const body = job.def.request(job.params, job.inputs);
  return runFalJob(deps.fal, {
    endpoint, body, requestId: reattach, pollMs: deps.pollMs, retry: deps.retry, signal: job.signal,
    webhookUrl: deps.webhookUrl, wake: deps.wake,
  }, {
    onSubmitted(requestId) {
      deps.counters.submitted++;
      // Stored at once: after a crash from here on, the request is re-attached by id, never paid for twice.
      if (!job.live()) {
        job.patch({ requestId, endpoint, attempt });
        job.orphaned(endpoint, requestId);
        return;
      }
      job.emit({ type: 'node.submitted', nodeId, requestId, endpoint },
        { node: { state: 'queued', requestId, endpoint, attempt, fingerprint: job.fingerprint, startedAt: now() } });
    },
    onQueued: (position) => job.live() && job.emit({ type: 'node.queued', nodeId, position }, { node: { state: 'queued', position } }),
    onStarted: () => job.live() && job.emit({ type: 'node.started', nodeId }, { node: { state: 'running' } }),
    onProgress: (logs) => job.live() && job.emit({ type: 'node.progress', nodeId, logs }, { node: { state: 'running', log: logs.at(-1) } }),
    onRetry: (n, err) => job.live() && job.emit({ type: 'node.retrying', nodeId, attempt: n, message: (err as Error).message ?? String(err) }),
  });
}

async function runLocal(deps: NodeRunnerDeps, job: NodeJob): Promise<NodeOutputs> {
  const key = job.def.local!;
  const exec = deps.localExecutors[key];
  if (!exec) throw new NodeFailure('internal', `No server executor is registered for "${key}" yet`);
  job.emit({ type: 'node.started', nodeId: job.nodeId }, { node: { state: 'running', fingerprint: job.fingerprint, startedAt: now() } });
  return runLocalStep(exec, job.params, job.inputs,
    { fal: deps.fal, media: deps.media, tmpDir: join(deps.dataDir, 'tmp'), signal: job.signal });
}
