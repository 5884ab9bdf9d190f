import { ApiError, ValidationError, type FalClient, type QueueStatus } from '@fal-ai/client';
import { neverSent, SubmitOutcomeUnknown } from '../fal/submit-guard.ts';
import { classify, isTransient, NodeFailure, sleep, Stopped, withRetry, type RetryPolicy } from './errors.ts';

/** What a followed fal job reports while it runs; each call is written to the store before anything is announced. */
export interface FollowHooks {
  onQueued(position: number): void;
  onStarted(): void;
  onProgress(lines: string[]): void;
  onRetry(attempt: number, err: unknown): void;
  /** fal says the job is done: from here a cancel cannot save money, so the result is fetched regardless. */
  onCompleted(): void;
}

/** fal no longer knows a stored request id (it answered 404): nothing more can come of it. */
export class RequestGone extends Error {}

/** Whether a failed submit surely never became a job at fal: then, and only then, it is tried again. */
function notAccepted(err: unknown): boolean {
  if (err instanceof ApiError && !(err instanceof ValidationError)) return err.status === 429;
  return neverSent(err);
}

/**
 * Sends one job to fal. Retries (with backoff) only what cannot have been accepted; an unknown outcome is thrown as
 * `SubmitOutcomeUnknown` for the caller to record, never repeated here. A refusal (4xx) is the node's failure.
 */
export async function submitJob(
  fal: FalClient, o: { endpoint: string; body: Record<string, unknown>; webhookUrl?: string; retry: RetryPolicy; signal: AbortSignal },
  onRetry: (attempt: number, err: unknown) => void,
): Promise<string> {
  const send = () => fal.queue.submit(o.endpoint, { input: o.body, ...(o.webhookUrl ? { webhookUrl: o.webhookUrl } : {}) });
  try {
    const submitted = await withRetry(send, o.retry, { signal: o.signal, onRetry, retryIf: notAccepted });
    return submitted.request_id;
  } catch (err) {
    if (err instanceof Stopped || err instanceof SubmitOutcomeUnknown) throw err;
    if (err instanceof ApiError || notAccepted(err)) throw classify(err);
    // Anything else thrown while the submit was out (an abort, an unexpected error): we cannot say it never arrived.
    throw new SubmitOutcomeUnknown(`fal may have accepted this job: ${(err as Error).message}`);
  }
}

export interface FollowOptions {
  endpoint: string;
  requestId: string;
  pollMs: number;
  /** Policy for status, result and download: once a request id exists they are retried, never resubmitted. */
  retry: RetryPolicy;
  signal: AbortSignal;
  /** Used instead of `signal` once fal says COMPLETED (aborted only when the server stops). */
  keepSignal?: AbortSignal;
  webhookUrl?: string;
  /** A wait that resolves when a webhook says this request finished; `cancel` drops it when the poll wakes first. */
  wake?: (requestId: string) => { promise: Promise<void>; cancel(): void };
}

const retryable = (err: unknown) => isTransient(err);

/**
 * Follows a stored request id to its result: polls status (never the status stream: streaming with a timeout crashes
 * the process, fal-protocol.md §4), then fetches the result. Transient errors are retried; a 404 means fal forgot
 * the request (`RequestGone`); a failed request surfaces as the node's failure (fal bills only successful outputs).
 */
export async function followJob(fal: FalClient, o: FollowOptions, hooks: FollowHooks): Promise<unknown> {
  const retryOpts = { signal: o.signal, onRetry: hooks.onRetry, retryIf: retryable };
  const id = o.requestId;
  let seenLogs = 0;
  let started = false;
  let lastPosition = -1;
  // With a webhook configured polling is only the fallback, so it can be lazier.
  const interval = o.webhookUrl ? o.pollMs * 5 : o.pollMs;
  for (;;) {
    const status: QueueStatus = await withRetry(() => fal.queue.status(o.endpoint, { requestId: id, logs: true }), o.retry, retryOpts)
      .catch((err) => gone(err, id));
    if (status.status === 'IN_QUEUE') {
      if (status.queue_position !== lastPosition) hooks.onQueued((lastPosition = status.queue_position ?? 0));
    } else {
      if (!started) (started = true), hooks.onStarted();
      const logs = (status as { logs?: { message: string }[] | null }).logs ?? [];
      if (logs.length > seenLogs) hooks.onProgress(logs.slice(seenLogs).map((l) => l.message));
      seenLogs = Math.max(seenLogs, logs.length);
      if (status.status === 'COMPLETED') break;
    }
    const wake = o.wake?.(id);
    try {
      await sleep(interval, o.signal, wake?.promise);
    } finally {
      wake?.cancel();
    }
  }
  hooks.onCompleted();
  const keepOpts = { ...retryOpts, signal: o.keepSignal ?? o.signal };
  const result = await withRetry(() => fal.queue.result(o.endpoint, { requestId: id }), o.retry, keepOpts).catch((err) => gone(err, id));
  return result.data;
}

function gone(err: unknown, id: string): never {
  if (err instanceof ApiError && err.status === 404 && !(err instanceof ValidationError))
    throw new RequestGone(`fal no longer knows request ${id} (it answered 404)`);
  if (err instanceof NodeFailure || err instanceof Stopped) throw err;
  throw err;
}
