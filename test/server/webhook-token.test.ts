import { createServer } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { graph, harness, waitRun, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

it('with PUBLIC_BASE_URL, a fal webhook is what completes a node: the fallback poll would not come for an hour', async () => {
  const port = await freePort();
  // With a webhook the poll interval is 5 × this: nothing but the webhook can wake the poller inside this test.
  h = await harness({ server: { port, publicBaseUrl: `http://127.0.0.1:${port}`, pollIntervalMs: 12 * 60_000 } });
  const start = await h.api<RunDetail>('/api/runs', {
    json: { graph: graph([['t', 'pika-turbo-text-to-video', { prompt: 'hook' }]], []) },
  });
  expect(start.status).toBe(201);
  const done = await waitRun(h.server.url, start.body.id);
  expect(done.status).toBe('completed');
  expect(h.fal.counters.webhookAttempts).toBeGreaterThanOrEqual(1);
  // The first status check (at submit) found the job unfinished; the only other one is the webhook's wake-up.
  expect(h.fal.counters.requests.status).toBeLessThanOrEqual(2);
});

it('an access token guards the API and media, but not the fal webhook', async () => {
  h = await harness({ server: { accessToken: 'secret-token-123' } });
  expect((await h.api('/api/graphs')).status).toBe(401);
  expect((await h.api('/api/graphs', { headers: { authorization: 'Bearer secret-token-123' } })).status).toBe(200);
  expect((await h.api('/api/graphs?token=secret-token-123')).status).toBe(200);
  expect((await h.api(`/media/${'a'.repeat(64)}.mp4`)).status).toBe(401);
  expect((await h.api('/api/fal/webhook', { json: { request_id: 'x' } })).status).toBe(200);
});
