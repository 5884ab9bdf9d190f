import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { notifyRunWebhook } from '../../server/engine/run-webhook.ts';

/** A real receiver on loopback (allowed explicitly, as only tests may): what a run webhook delivers. */
async function receiver(statuses: number[]) {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, bodies, close: () => new Promise((r) => server.close(r)) };
}

const run = {
  id: 'r1',
  status: 'completed',
  outputs: { out: '/media/runs/r1/out.mp4', ext: 'https://cdn.example/x.mp4' },
  cost: 0.2,
  endedAt: 'now',
} as unknown as RunDetail;

it('delivers absolute media URLs when the public base URL is known, retrying until accepted', async () => {
  const r = await receiver([503]);
  try {
    const ok = await notifyRunWebhook(`${r.origin}/hook`, run, {
      allowOrigins: [r.origin],
      baseUrl: 'https://pikaflow.example/',
    });
    expect(ok).toBe(true);
    expect(r.bodies).toHaveLength(2);
    expect(r.bodies[1]).toMatchObject({
      runId: 'r1',
      status: 'completed',
      outputs: { out: 'https://pikaflow.example/media/runs/r1/out.mp4', ext: 'https://cdn.example/x.mp4' },
    });
  } finally {
    await r.close();
  }
});

it('refuses a private receiver at once, without a request or a retry', async () => {
  const r = await receiver([]);
  try {
    expect(await notifyRunWebhook(`${r.origin}/hook`, run)).toBe(false);
    expect(r.bodies).toHaveLength(0);
  } finally {
    await r.close();
  }
});
