import { ApiError, ValidationError } from '@fal-ai/client';
import pRetry from 'p-retry';
import type { FailureKind } from '../../shared/events.ts';
import { FetchRefused } from '../net/safe-fetch.ts';

/** A failure already classified, carried up to the scheduler as the node's error. */
export class NodeFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Thrown inside a node when its run was cancelled or the server is shutting down; never a node failure. */
export class Stopped extends Error {
  constructor() {
    super('stopped');
  }
}

const NETWORK =
  /fetch failed|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR|socket|other side closed|terminated/i;

/** Whether retrying could help: rate limits, server faults and dropped connections (fal-protocol.md §7). */
export function isTransient(err: unknown): boolean {
  if (err instanceof ValidationError) return false;
  if (err instanceof ApiError) return !err.isUserTimeout && (err.status === 429 || err.status >= 500);
  // A download answered 5xx/429, timed out or lost its connection: fal's media host hiccuped, the file is still there.
  if (err instanceof FetchRefused) return err.transient;
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return (
      NETWORK.test(err.message) ||
      (cause instanceof Error && NETWORK.test(`${cause.message} ${(cause as { code?: string }).code ?? ''}`))
    );
  }
  return false;
}

/** Maps anything thrown by a fal call to the node's failure; 422 names the field fal complained about. */
export function classify(err: unknown): NodeFailure {
  if (err instanceof NodeFailure) return err;
  if (err instanceof ValidationError) {
    const first = err.fieldErrors[0];
    const loc = first?.loc ?? [];
    const field = loc.length > 1 ? String(loc[loc.length - 1]) : undefined;
    const msg = first?.msg ?? err.message;
    return new NodeFailure('validation', field ? `${field}: ${msg}` : msg, field);
  }
  if (err instanceof ApiError) {
    const detail = typeof err.body?.detail === 'string' ? err.body.detail : err.message;
    return new NodeFailure(isTransient(err) ? 'transient' : 'fal', `fal answered ${err.status}: ${detail}`);
  }
  if (isTransient(err)) return new NodeFailure('transient', networkWords(err as Error));
  return new NodeFailure('internal', err instanceof Error ? err.message : String(err));
}

export interface RetryPolicy {
  max: number;
  baseMs: number;
  maxMs?: number;
}

/** Sleeps `ms`, waking early (with Stopped) when `signal` aborts, or when `wake` resolves. */
export function sleep(ms: number, signal?: AbortSignal, wake?: Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Stopped());
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Stopped());
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    wake?.then(done, done);
  });
}

/**
 * Runs `fn`, retrying what `retryIf` (default: transient failures) allows, with exponential backoff and jitter
 * (p-retry). The client already retries some statuses inside each call (§7); this outer policy is ours: what may be
 * retried at all (a submit only when it surely never reached fal) and how long to keep at it.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  opts: {
    signal?: AbortSignal;
    onRetry?: (attempt: number, err: unknown) => void;
    retryIf?: (err: unknown) => boolean;
  } = {},
): Promise<T> {
  if (opts.signal?.aborted) throw new Stopped();
  const retryIf = opts.retryIf ?? isTransient;
  try {
    return await pRetry(fn, {
      retries: policy.max,
      factor: 2,
      minTimeout: policy.baseMs,
      maxTimeout: policy.maxMs ?? 30_000,
      randomize: true,
      signal: opts.signal,
      shouldRetry: ({ error }) => !(error instanceof Stopped) && retryIf(error),
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft > 0 && !(error instanceof Stopped) && retryIf(error)) opts.onRetry?.(attemptNumber, error);
      },
    });
  } catch (err) {
    if (err instanceof Stopped || opts.signal?.aborted) throw new Stopped();
    throw err;
  }
}

/** A network failure in plain words: undici's bare "fetch failed" says nothing a designer can act on. */
function networkWords(err: Error): string {
  if (err instanceof FetchRefused) return err.message;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  const why =
    code === 'ECONNREFUSED'
      ? 'the connection was refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'its address could not be resolved (no network?)'
        : code
          ? `the connection failed (${code})`
          : `the connection failed (${err.message})`;
  return `Could not reach fal: ${why}. Check the network and run again; nothing is paid twice.`;
}
