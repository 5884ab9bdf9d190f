import type { FalClient, QueueStatus } from '@fal-ai/client';
import { sleep, withRetry, type RetryPolicy } from './errors.ts';

/** What a fal job reports while it runs; each call is written to the store before anything is announced. */
export interface FalJobHooks {
  onSubmitted(requestId: string): void;
  onQueued(position: number): void;
  onStarted(): void;
  onProgress(lines: string[]): void;
  onRetry(attempt: number, err: unknown): void;
}

export interface FalJobOptions {
  endpoint: string;
  body: Record<string, unknown>;
  /** Set when re-attaching after a restart: the job is followed by id and never submitted again. */
  requestId?: string;
  pollMs: number;
  retry: RetryPolicy;
  signal: AbortSignal;
  webhookUrl?: string;
  /** Resolves when a webhook says this request finished, so the poller checks at once instead of waiting. */
  wake?: (requestId: string) => Promise<void>;
}

/**
 * One fal request: submit (or re-attach), follow its status by polling, fetch the result. Polling, never the status
 * stream: streaming with a timeout crashes the process (fal-protocol.md §4), and our own loop lets us store the
 * request id before anything else happens.
 */
export async function runFalJob(fal: FalClient, o: FalJobOptions, hooks: FalJobHooks): Promise<unknown> {
  const retryOpts = { signal: o.signal, onRetry: hooks.onRetry };
  let requestId = o.requestId;
  if (!requestId) {
    const submitted = await withRetry(
      () => fal.queue.submit(o.endpoint, { input: o.body, ...(o.webhookUrl ? { webhookUrl: o.webhookUrl } : {}) }),
      o.retry, retryOpts);
    requestId = submitted.request_id;
    hooks.onSubmitted(requestId);
  }
  const id = requestId;
  let seenLogs = 0;
  let started = false;
  let lastPosition = -1;
  // With a webhook configured polling is only the fallback, so it can be lazier.
  const interval = o.webhookUrl ? o.pollMs * 5 : o.pollMs;
  for (;;) {
    const status: QueueStatus = await withRetry(() => fal.queue.status(o.endpoint, { requestId: id, logs: true }), o.retry, retryOpts);
    if (status.status === 'IN_QUEUE') {
      if (status.queue_position !== lastPosition) hooks.onQueued((lastPosition = status.queue_position ?? 0));
    } else {
      if (!started) (started = true), hooks.onStarted();
      const logs = (status as { logs?: { message: string }[] | null }).logs ?? [];
      if (logs.length > seenLogs) hooks.onProgress(logs.slice(seenLogs).map((l) => l.message));
      seenLogs = Math.max(seenLogs, logs.length);
      if (status.status === 'COMPLETED') break;
    }
    await sleep(interval, o.signal, o.wake?.(id));
  }
  const result = await withRetry(() => fal.queue.result(o.endpoint, { requestId: id }), o.retry, retryOpts);
  return result.data;
}
