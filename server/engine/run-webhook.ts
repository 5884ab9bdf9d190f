import { lookup } from 'node:dns/promises';
import type { RunDetail } from '../../shared/api.ts';
import { isBlockedAddress } from '../net/address-policy.ts';

/** The caller's webhook is a user-given URL: only public addresses may receive it (design.md §4). */
async function isPublic(url: string, allowOrigins: string[]): Promise<boolean> {
  const u = new URL(url);
  if (allowOrigins.includes(u.origin)) return true;
  const addresses = await lookup(u.hostname.replace(/^\[|\]$/g, ''), { all: true }).catch(() => []);
  return addresses.length > 0 && addresses.every((a) => !isBlockedAddress(a.address));
}

/** POSTs a finished run to the caller's webhook, retried a few times; failures are logged, never fatal. */
export async function notifyRunWebhook(url: string, run: RunDetail, o: { tries?: number; allowOrigins?: string[] } = {}): Promise<boolean> {
  const tries = o.tries ?? 4;
  if (!(await isPublic(url, o.allowOrigins ?? []))) {
    console.warn(`run ${run.id}: webhook ${url} refused (not a public address)`);
    return false;
  }
  const body = JSON.stringify({ runId: run.id, status: run.status, outputs: run.outputs, cost: run.cost, endedAt: run.endedAt });
  for (let i = 0; i < tries; i++) {
    try {
      // No redirects: a public URL must not bounce the POST to a private one.
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
      if (res.ok) return true;
    } catch {
      // retried below
    }
    await new Promise((r) => setTimeout(r, 1000 * 2 ** i));
  }
  console.warn(`run ${run.id}: webhook ${url} was not accepted after ${tries} tries`);
  return false;
}
