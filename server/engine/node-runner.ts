import type { NodeDef, NodeOutputs, PortValues } from '../../shared/define-node.ts';
import type { RunEventBody } from '../../shared/events.ts';
import type { CacheStore } from '../store/cache-store.ts';
import type { JobsStore } from '../store/jobs-store.ts';
import type { NodeRecord } from '../store/runs-store.ts';
import type { RetryPolicy } from './errors.ts';
import { settledOrStopped, type InFlight } from './in-flight.ts';
import type { LocalExecutor } from './local-executors.ts';
import type { MediaKeeper } from './media-keeper.ts';
import { complete, keepOutputs, produce } from './node-produce.ts';
import type { EngineTarget, Publisher } from './publisher.ts';
import type { Slots } from './slots.ts';

export interface NodeRunnerDeps {
  cache: CacheStore;
  /** The receipt book of fal jobs (by fingerprint). */
  jobs: JobsStore;
  media: MediaKeeper;
  publisher: Publisher;
  slots: Slots;
  pollMs: number;
  /** Retries of what cannot have cost anything (a submit that surely never arrived, 429). */
  retry: RetryPolicy;
  /** Retries of status, result and download once a request id exists: longer, since giving up wastes a paid job. */
  follow: RetryPolicy;
  /** After a submit with an unknown outcome: `ask` (the node says a job may exist) or `resubmit` automatically. */
  submitPolicy: 'ask' | 'resubmit';
  webhookUrl?: string;
  wake?: (requestId: string) => { promise: Promise<void>; cancel(): void };
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
  /** Upstream values: text, or kept files by reference. */
  inputs: PortValues;
  fingerprint: string;
  /** The engine this run talks to (fal, or the local engine for previews). */
  target: EngineTarget;
  /** The user accepted paying twice: a submit whose outcome was unknown may be sent again. */
  resubmit: boolean;
  record: NodeRecord;
  /** Aborted by a cancel or a server stop. */
  signal: AbortSignal;
  /** Aborted only by a server stop: once fal has billed a result, a cancel no longer stops us from keeping it. */
  keepSignal: AbortSignal;
  /** fal reported this node's job completed (billed): the run's cancel now waits for the node instead of dropping it. */
  billed(take?: number): void;
  /** Announces an event; the run's reducer derives the node's stored state from it. */
  emit(body: RunEventBody): void;
  /** False once the run was cancelled or the server is stopping. */
  live(): boolean;
  /** Cancels a request submitted after the run was cancelled. */
  orphaned(endpoint: string, requestId: string): void;
}

export interface NodeResult {
  outputs: NodeOutputs;
  cost: number;
}

/** Runs one node to its outputs (text or kept-file references), announcing each step. Throws NodeFailure or Stopped. */
export async function runNode(deps: NodeRunnerDeps, job: NodeJob): Promise<NodeResult> {
  const { def, nodeId } = job;
  if (def.emit)
    return complete(deps, job, await keepOutputs(deps, job, def.emit(job.params, job.inputs)), 0, Date.now());
  const hit = deps.cache.get(job.fingerprint);
  if (hit) {
    const outputs = await keepOutputs(deps, job, hit.outputs);
    // Resumed after a crash between caching this run's own fal result and marking it done: that result is this run's
    // paid work, so it completes with its cost instead of passing as a free cache hit.
    const receipt = deps.jobs.get(job.fingerprint);
    if (receipt?.costRun === job.runId) return complete(deps, job, outputs, receipt.cost ?? 0, Date.now());
    job.emit({ type: 'node.cached', nodeId, outputs, fingerprint: job.fingerprint });
    return { outputs, cost: 0 };
  }
  // A node resumed with its own request in flight re-attaches to it (produceFal finds the receipt): waiting for
  // another run's copy would throw away a result that is already being paid for.
  const own = deps.jobs.get(job.fingerprint)?.state === 'accepted' && job.record.state !== 'pending';
  const shared = own ? undefined : deps.inflight.get(job.fingerprint);
  if (shared) {
    job.emit({ type: 'node.progress', nodeId, logs: ['Another run is making this exact result; waiting for it'] });
    await settledOrStopped(shared, job.signal);
    // Now a cache hit, or the other run failed and this one produces it itself.
    return runNode(deps, job);
  }
  return deps.inflight.lead(job.fingerprint, () => produce(deps, job));
}
