/**
 * Webhook delivery like fal's: POST the JSON once the request completes; on a non-2xx or a network error, retry
 * with exponential backoff (fal retries 10 times over about two hours; `baseDelayMs` shrinks that with the speed).
 */
export async function deliverWebhook(
  url: string,
  payload: unknown,
  o: { attempts: number; baseDelayMs: number; onAttempt?: () => void; stopped?: () => boolean },
): Promise<boolean> {
  const body = JSON.stringify(payload);
  const id = (payload as { request_id?: string }).request_id ?? '';
  for (let attempt = 0; attempt < o.attempts; attempt++) {
    if (o.stopped?.()) return false;
    o.onAttempt?.();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-fal-webhook-request-id': id,
          'x-fal-webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
    } catch {
      // network error: retried below
    }
    await new Promise((r) => setTimeout(r, Math.min(o.baseDelayMs * 2 ** attempt, 60 * 60 * 1000)));
  }
  return false;
}
