import pRetry, { AbortError } from 'p-retry';
import type { RunDetail } from '../../shared/api.ts';
import { FetchRefused, safePostJson } from '../net/safe-fetch.ts';

/**
 * POSTs a finished run to the caller's webhook, retried a few times; failures are logged, never fatal. The URL is
 * user-given: addresses are checked when connecting (so DNS rebinding cannot slip a private one in), and no
 * redirect is followed, so a public URL cannot bounce the POST to a private one.
 */
export async function notifyRunWebhook(
  url: string,
  run: RunDetail,
  o: { tries?: number; allowOrigins?: string[]; baseUrl?: string } = {},
): Promise<boolean> {
  const tries = o.tries ?? 4;
  // Our kept copies are served at /media/…; a receiver elsewhere needs the full address to download them.
  const base = o.baseUrl?.replace(/\/$/, '');
  const outputs = Object.fromEntries(
    Object.entries(run.outputs).map(([k, v]) => [k, base && v.startsWith('/media/') ? `${base}${v}` : v]),
  );
  const body = { runId: run.id, status: run.status, outputs, cost: run.cost, endedAt: run.endedAt };
  try {
    await pRetry(
      async () => {
        let status: number;
        try {
          status = await safePostJson(url, body, { allowOrigins: o.allowOrigins });
        } catch (err) {
          // A refused address will not become acceptable by trying again.
          if (err instanceof FetchRefused && /private or local|only http/.test(err.message)) throw new AbortError(err);
          throw err;
        }
        if (status < 200 || status >= 300) throw new Error(`answered HTTP ${status}`);
      },
      { retries: tries - 1, minTimeout: 1000, factor: 2 },
    );
    return true;
  } catch (err) {
    if (err instanceof FetchRefused) {
      console.warn(`run ${run.id}: webhook ${url} refused: ${err.message}`);
      return false;
    }
  }
  console.warn(`run ${run.id}: webhook ${url} was not accepted after ${tries} tries`);
  return false;
}
