import { ApiError, ValidationError, type FalClient, type QueueStatus } from '@fal-ai/client';
import { neverSent, SubmitOutcomeUnknown } from '../fal/submit-guard.ts';
import { classify, isTransient, NodeFailure, sleep, Stopped, withRetry, type RetryPolicy } from './errors.ts';
import { watchStatus, type StatusWatch } from './status-stream.ts';

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

/**
 * fal says the request was cancelled (its result answers 400 "Request was cancelled"): it made nothing and bills
 * nothing, so the job may be sent again.
 */
export class RequestCancelled extends Error {}

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
  fal: FalClient,
  o: { endpoint: string; body: Record<string, unknown>; webhookUrl?: string; retry: RetryPolicy; signal: AbortSignal },
  onRetry: (attempt: number, err: unknown) => void,
): Promise<string> {
  const send = () =>
    fal.queue.submit(o.endpoint, { input: o.body, ...(o.webhookUrl ? { webhookUrl: o.webhookUrl } : {}) });
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
 * Follows a stored request id to its result: watches fal's status stream (completion is seen at once) with polling as
 * the safety net, then fetches the result. Transient errors are retried; a 404 means fal forgot
 * the request (`RequestGone`); a failed request surfaces as the node's failure (fal bills only successful outputs).
 */
export async function followJob(fal: FalClient, o: FollowOptions, hooks: FollowHooks): Promise<unknown> {
  const retryOpts = { signal: o.signal, onRetry: hooks.onRetry, retryIf: retryable };
  const id = o.requestId;
  const report = statusReporter(hooks);
  let watch: StatusWatch | undefined;
  let streamFailures = 0;
  try {
    for (;;) {
      const status: QueueStatus = await withRetry(
        () => fal.queue.status(o.endpoint, { requestId: id, logs: true }),
        o.retry,
        retryOpts,
      ).catch((err) => gone(err, id));
      if (report(status)) break;
      // The stream pushes completion as it happens; polling stays as the safety net (slower while a stream is open).
      if (!watch && streamFailures < MAX_STREAM_FAILURES) watch = await watchStatus(fal, o.endpoint, id, report);
      const wait = watch ? o.pollMs * 5 : o.webhookUrl ? o.pollMs * 5 : o.pollMs;
      // With the stream open it already says when the job completes; a webhook would only add a second status call.
      const wake = watch ? undefined : o.wake?.(id);
      try {
        const outcome = await Promise.race([
          sleep(wait, o.signal, wake?.promise).then(() => 'slept' as const),
          watch?.settled ?? new Promise<never>(() => {}),
        ]);
        if (outcome === 'completed') break;
        if (outcome === 'ended') (watch = undefined), streamFailures++;
      } finally {
        wake?.cancel();
      }
    }
  } finally {
    watch?.close();
  }
  hooks.onCompleted();
  const keepOpts = { ...retryOpts, signal: o.keepSignal ?? o.signal };
  const result = await withRetry(() => fal.queue.result(o.endpoint, { requestId: id }), o.retry, keepOpts).catch(
    (err) => gone(err, id),
  );
  return result.data;
}

/** A stream that keeps failing (a proxy that does not stream, say) is given up for polling after this many tries. */
const MAX_STREAM_FAILURES = 3;

/**
 * Turns statuses (from polls and from the stream, in any order) into hook calls, each reported once: queue position
 * changes, the start, and log lines not seen before. Returns true once fal says COMPLETED.
 */
function statusReporter(hooks: FollowHooks) {
  let started = false;
  let lastPosition = -1;
  const seen = new Set<string>();
  return (status: QueueStatus): boolean => {
    if (status.status === 'IN_QUEUE') {
      if (!started && status.queue_position !== lastPosition)
        hooks.onQueued((lastPosition = status.queue_position ?? 0));
      return false;
    }
    if (!started) (started = true), hooks.onStarted();
    const logs = (status as { logs?: { message: string; timestamp?: string }[] | null }).logs ?? [];
    const fresh = logs.filter((l) => {
      const key = `${l.timestamp ?? ''}|${l.message}`;
      return !seen.has(key) && (seen.add(key), true);
    });
    if (fresh.length) hooks.onProgress(fresh.map((l) => l.message));
    return status.status === 'COMPLETED';
  };
}

function gone(err: unknown, id: string): never {
  if (err instanceof ApiError && err.status === 404 && !(err instanceof ValidationError))
    throw new RequestGone(`fal no longer knows request ${id} (it answered 404)`);
  if (err instanceof ApiError && err.status === 400 && /cancel/i.test(JSON.stringify(err.body ?? '')))
    throw new RequestCancelled(`fal request ${id} was cancelled`);
  if (err instanceof NodeFailure || err instanceof Stopped) throw err;
  throw err;
}
