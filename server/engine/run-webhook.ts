import type { RunDetail } from '../../shared/api.ts';

/** POSTs a finished run to the caller's webhook, retried a few times; failures are logged, never fatal. */
export async function notifyRunWebhook(url: string, run: RunDetail, tries = 4): Promise<boolean> {
  const body = JSON.stringify({ runId: run.id, status: run.status, outputs: run.outputs, cost: run.cost, endedAt: run.endedAt });
  for (let i = 0; i < tries; i++) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(15_000) });
      if (res.ok) return true;
    } catch {
      // retried below
    }
    await new Promise((r) => setTimeout(r, 1000 * 2 ** i));
  }
  console.warn(`run ${run.id}: webhook ${url} was not accepted after ${tries} tries`);
  return false;
}
