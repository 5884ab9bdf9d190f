import { ApiError, createFalClient, type FalClient } from '@fal-ai/client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { parseFaultPlans } from '../../server/local-fal/faults.ts';
import { createLocalFalClient, type LocalFalEngine, startLocalFal } from '../../server/local-fal/index.ts';

/** Injected faults against the real client's retry logic, and webhook delivery with retries. */

const T2V = 'fal-ai/pika/v2/turbo/text-to-video';
let engine: LocalFalEngine;
let fal: FalClient;

beforeAll(async () => {
  engine = await startLocalFal({ speed: 100, concurrency: 2 });
  fal = createLocalFalClient(engine);
});
afterEach(() => engine.setFaults({}));
afterAll(() => engine?.close());

const input = { prompt: 'faulty', seed: 5 };

it('two 503s on submit are retried by the client and the run succeeds', async () => {
  engine.setFaults({ submit: { script: [503, 503] } });
  const before = engine.counters.requests.submit ?? 0;
  const r = await fal.subscribe(T2V, { input, pollInterval: 50 });
  expect((r.data as { video: { url: string } }).video.url).toMatch(/\.mp4$/);
  expect(engine.counters.requests.submit).toBe(before + 3);
});

it('429, a dropped connection and a slow answer on status still reach COMPLETED', async () => {
  engine.setFaults({ status: { script: [429, 'drop', { slowMs: 200 }] } });
  const before = engine.counters.requests.status ?? 0;
  const r = await fal.subscribe(T2V, { input, pollInterval: 50 });
  expect(r.requestId).toBeTruthy();
  expect(engine.counters.requests.status! - before).toBeGreaterThanOrEqual(3);
});

it('a 500 on submit is not retried: ApiError at once', async () => {
  engine.setFaults({ submit: { script: [500] } });
  const err = await fal.queue.submit(T2V, { input }).catch((e) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect(err.status).toBe(500);
});

// The raw client is what pikaflow's engine wraps, so these document the hazard it must guard against (issue 10).
it('accept-drop: the job is created, the answer lost, and the raw client re-POSTs on its own — a second billed job', async () => {
  // The client's `fetch` option sees each attempt (the hook the engine's submit guard uses).
  const seen: string[] = [];
  const watched = createFalClient({
    credentials: 'local:preview',
    proxyUrl: { url: engine.proxyUrl, when: 'always' },
    fetch: async (...args: Parameters<typeof fetch>) => {
      try {
        const res = await fetch(...args);
        seen.push(String(res.status));
        return res;
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        seen.push(`${cause?.code ?? ''} ${cause?.message ?? (err as Error).message}`);
        throw err;
      }
    },
  });
  engine.setFaults({ submit: { script: ['accept-drop'] } });
  const before = engine.counters;
  const { request_id } = await watched.queue.submit(T2V, { input });
  const after = engine.counters;
  const attempts = after.requests.submit! - (before.requests.submit ?? 0);
  const created = after.acceptedIds.slice(before.acceptedIds.length);
  // queue.submit retries network errors (fal-protocol.md §7) without knowing the first POST was accepted:
  // two attempts, two jobs, and the caller only ever hears of the second.
  expect(attempts).toBe(2);
  expect(seen).toHaveLength(2);
  expect(seen[0]).toMatch(/other side closed|ECONNRESET|UND_ERR_SOCKET/);
  expect(seen[1]).toBe('200');
  expect(created).toHaveLength(attempts);
  expect(created[1]).toBe(request_id);
  // The orphan is a real job that runs to completion (on fal: billed, never polled, never cancelled).
  const orphan = await fal.queue.subscribeToStatus(T2V, { requestId: created[0], pollInterval: 50 });
  expect(orphan.status).toBe('COMPLETED');
});

it('accept-500: the job is created and a 500 answered; the raw client does not retry, so one job the caller cannot name', async () => {
  engine.setFaults({ submit: { script: ['accept-500'] } });
  const before = engine.counters;
  const err = await fal.queue.submit(T2V, { input }).catch((e) => e);
  const after = engine.counters;
  expect(err).toBeInstanceOf(ApiError);
  expect(err.status).toBe(500);
  expect(after.requests.submit! - (before.requests.submit ?? 0)).toBe(1);
  expect(after.acceptedIds.slice(before.acceptedIds.length)).toHaveLength(1);
  // Whoever retries this 500 (pikaflow's old loop did) creates a second job while the first runs.
});

it('a fault rate applies to every call of its route until the plan changes', async () => {
  const { request_id } = await fal.queue.submit(T2V, { input });
  await fal.queue.subscribeToStatus(T2V, { requestId: request_id, pollInterval: 50 });
  engine.setFaults({ result: { rate: 1, kinds: [500] } });
  for (let i = 0; i < 3; i++) {
    // result() does not retry a 500 (fal-protocol.md §7): every call fails at once.
    expect(await fal.queue.result(T2V, { requestId: request_id }).catch((e) => e.status)).toBe(500);
  }
  engine.setFaults({});
  expect((await fal.queue.result(T2V, { requestId: request_id })).requestId).toBe(request_id);
});

it('webhooks are POSTed with fal’s payload and retried until accepted', async () => {
  const got: { body: Record<string, unknown>; header: string | undefined }[] = [];
  let failures = 2;
  const sink = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      got.push({ body: JSON.parse(text), header: req.headers['x-fal-webhook-request-id'] as string | undefined });
      res.writeHead(failures-- > 0 ? 500 : 200).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook?x=1`;
  try {
    const { request_id } = await fal.queue.submit(T2V, { input, webhookUrl: hook });
    for (let i = 0; i < 200 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    expect(got).toHaveLength(3);
    expect(got[2].body).toMatchObject({ request_id, gateway_request_id: request_id, status: 'OK', error: null });
    expect((got[2].body.payload as { video: { url: string } }).video.url).toMatch(/\.mp4$/);
    expect(got[2].header).toBe(request_id);

    // A failed run is delivered too, as fal does: status ERROR with the 422 detail as payload.
    const bad = await fal.queue.submit(T2V, { input: { seed: 1 } as never, webhookUrl: hook });
    for (let i = 0; i < 200 && got.length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    expect(got[3].body).toMatchObject({
      request_id: bad.request_id,
      status: 'ERROR',
      error: 'Invalid status code: 422',
    });
  } finally {
    sink.close();
  }
});

it('LOCAL_FAL_FAULTS parses scripts, rates and slow answers', () => {
  expect(parseFaultPlans('{"submit":{"script":[503,"drop","slow:20"]},"status":{"rate":0.5,"kinds":["429"]}}')).toEqual(
    {
      submit: { script: [503, 'drop', { slowMs: 20 }], rate: undefined, kinds: undefined },
      status: { rate: 0.5, kinds: [429], script: undefined },
    },
  );
  expect(() => parseFaultPlans('{"nope":{}}')).toThrow(/unknown route/);
  expect(parseFaultPlans('{"submit":{"script":["accept-drop","accept-500"],"kinds":["accept-500"]}}').submit).toEqual({
    script: ['accept-drop', 'accept-500'],
    kinds: ['accept-500'],
    rate: undefined,
  });
  // Only a submit creates something that outlives a lost answer.
  expect(() => parseFaultPlans('{"status":{"script":["accept-drop"]}}')).toThrow(/submit only/);
  expect(() => engine.setFaults({ result: { script: ['accept-500'] } })).toThrow(/submit only/);
});
