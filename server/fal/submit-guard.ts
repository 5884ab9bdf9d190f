/**
 * pikaflow owns the retry policy of the one call that spends money. `@fal-ai/client`'s `queue.submit` retries
 * network errors and 502/503/504 by itself (3 times, whatever the client's `retry` setting says), so a submit whose
 * answer was lost after fal queued the job would create a second, billed job. The client's `fetch` option sees every
 * attempt: this wrapper lets an error through to the client's retry only when the attempt surely never reached fal
 * (refused connection, DNS failure, no route) and turns every other failure into `SubmitOutcomeUnknown`, which the
 * client does not retry (it carries no network error code and is not a TypeError).
 */

/** A submit attempt whose outcome is unknown: fal may have queued (and will bill) the job. */
export class SubmitOutcomeUnknown extends Error {
  constructor(
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'SubmitOutcomeUnknown';
  }
}

/** Failures that happen before a request is sent: the job cannot exist. */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The error code in an error's cause chain (undici wraps it as `TypeError: fetch failed` with `.cause.code`). */
export function networkCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined;
    e && typeof e === 'object' && !seen.has(e);
    e = e.cause as typeof e
  ) {
    seen.add(e);
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** True when a network error means the request never left this machine. */
export const neverSent = (err: unknown) => NEVER_SENT.has(networkCode(err) ?? '');

const header = (init: RequestInit | undefined, name: string) => new Headers(init?.headers).get(name) ?? undefined;

/** A submit is the one POST to fal's queue host (directly, or through a proxy naming it in x-fal-target-url). */
function isSubmit(input: RequestInfo | URL, init?: RequestInit): boolean {
  if ((init?.method ?? 'GET').toUpperCase() !== 'POST') return false;
  const target = header(init, 'x-fal-target-url') ?? (input instanceof Request ? input.url : String(input));
  try {
    return new URL(target).hostname.startsWith('queue.');
  } catch {
    return false;
  }
}

/** How long a submit may take before its outcome is called unknown (the client has no timeout of its own). */
const SUBMIT_TIMEOUT_MS = 120_000;

/** A `fetch` for `createFalClient` that guards submits as described above; every other call passes unchanged. */
export function guardedFetch(base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    if (!isSubmit(input, init)) return base(input, init);
    const signal = init?.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(SUBMIT_TIMEOUT_MS)])
      : AbortSignal.timeout(SUBMIT_TIMEOUT_MS);
    let res: Response;
    try {
      res = await base(input, { ...init, signal });
    } catch (err) {
      if (neverSent(err)) throw err;
      const why =
        (err as Error).name === 'TimeoutError'
          ? `no answer within ${SUBMIT_TIMEOUT_MS / 1000} s`
          : `the connection failed after sending (${networkCode(err) ?? (err as Error).message})`;
      throw new SubmitOutcomeUnknown(`fal may have accepted this job: ${why}`);
    }
    // 429 is fal's "not queued, at your concurrency limit": safe for the client to retry. Any 5xx may come after the
    // job was queued (a gateway that lost the answer), so it is not retried blindly.
    if (res.status >= 500) {
      const text = await res.text().catch(() => '');
      throw new SubmitOutcomeUnknown(
        `fal may have accepted this job: it answered HTTP ${res.status}`,
        text.slice(0, 500),
      );
    }
    return res;
  };
}
