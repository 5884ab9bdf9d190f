import { ApiError, createFalClient, type FalClient, ValidationError } from '@fal-ai/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalFalClient, type LocalFalEngine, startLocalFal } from '../../server/local-fal/index.ts';
import { makeImage, workDir } from './helpers.ts';

/** The queue protocol call by call, with the real client (proxy style) and raw HTTP (direct fal paths). */

const T2V = 'fal-ai/pika/v2/turbo/text-to-video';
let engine: LocalFalEngine;
let fal: FalClient;
let dir: string;

beforeAll(async () => {
  engine = await startLocalFal({ speed: 1, queueDelayMs: 0, runTimeMs: 300, concurrency: 2 });
  fal = createLocalFalClient(engine);
  dir = await workDir();
});
afterAll(() => engine?.close());

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('submit → status (202 then 200, logs) → result with the request id header', async () => {
  const before = engine.counters.accepted[T2V] ?? 0;
  const sub = await fal.queue.submit(T2V, { input: { prompt: 'a kite', seed: 7 } });
  expect(sub.status).toBe('IN_QUEUE');
  expect(sub.request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect((sub as unknown as { queue_position: number }).queue_position).toBe(0);
  expect(sub.status_url).toBe(`${engine.url}/fal-ai/pika/requests/${sub.request_id}/status`);
  const done = await until(
    () => fal.queue.status(T2V, { requestId: sub.request_id, logs: true }),
    (s) => s.status === 'COMPLETED',
  );
  expect(done.status).toBe('COMPLETED');
  const logs = (done as { logs: { message: string; level: string; source: string; timestamp: string }[] }).logs;
  expect(logs.length).toBeGreaterThan(2);
  expect(logs[0]).toMatchObject({ level: 'INFO', source: 'USER' });
  expect((done as unknown as { metrics: { inference_time: number } }).metrics.inference_time).toBeGreaterThan(0);
  const raw = await fetch(`${engine.url}/fal-ai/pika/requests/${sub.request_id}/status?logs=0`);
  expect(raw.status).toBe(200);
  expect((await raw.json()).logs).toBeNull();
  const result = await fal.queue.result(T2V, { requestId: sub.request_id });
  expect(result.requestId).toBe(sub.request_id);
  expect((result.data as { video: { url: string } }).video.url).toMatch(/\.mp4$/);
  expect(engine.counters.accepted[T2V]).toBe(before + 1);
});

it('serves fal paths directly, and looks requests up by owner/alias', async () => {
  const sub = await fetch(`${engine.url}/fal-ai/pika/v2.2/text-to-video`, {
    method: 'POST',
    body: JSON.stringify({ prompt: 'direct', duration: '5', seed: 1 }),
  });
  expect(sub.status).toBe(200);
  const { request_id } = await sub.json();
  const s = await fetch(`${engine.url}/fal-ai/pika/requests/${request_id}/status`);
  expect([200, 202]).toContain(s.status);
  expect((await fetch(`${engine.url}/fal-ai/other/requests/${request_id}/status`)).status).toBe(404);
  const early = await fetch(`${engine.url}/fal-ai/pika/requests/${request_id}`);
  if (early.status !== 200) expect(await early.json()).toEqual({ detail: 'Request is still in progress' });
});

it('SSE stream: incremental logs, one event per change, closed after COMPLETED', async () => {
  const { request_id } = await fal.queue.submit(T2V, { input: { prompt: 'stream me', seed: 9 } });
  const res = await fetch(`${engine.url}/fal-ai/pika/requests/${request_id}/status/stream?logs=1`);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const text = await res.text(); // resolves only because the server ends the stream
  const events = text
    .split('\n\n')
    .filter(Boolean)
    .map((e) => JSON.parse(e.replace(/^data: /, '')));
  expect(events.at(-1).status).toBe('COMPLETED');
  const messages = events
    .flatMap((e) => e.logs ?? [])
    .map((l: { timestamp: string; message: string }) => l.timestamp + l.message);
  expect(new Set(messages).size).toBe(messages.length);
  const status = await fal.queue.status(T2V, { requestId: request_id, logs: true });
  expect((status as { logs: unknown[] }).logs.length).toBe(messages.length);
});

describe('validation', () => {
  it('a bad body is a 422 ValidationError with field errors', async () => {
    const err = await fal
      .subscribe(T2V, { input: { seed: 1, aspect_ratio: '7:3' } as never, pollInterval: 50 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(422);
    expect((err as ValidationError).getFieldErrors('prompt')[0]).toMatchObject({
      loc: ['body', 'prompt'],
      type: 'missing',
    });
    expect((err as ValidationError).getFieldErrors('aspect_ratio')).toHaveLength(1);
  });

  it('pikascenes accepts both body shapes and the 2.2 duration as a string', async () => {
    const img = await fal.storage.upload(await makeImage(dir, 'scene', 'color=c=green'));
    for (const input of [
      { image_urls: [img], prompt: 'a', duration: '5', resolution: '720p' },
      { images: [{ image_url: img }], prompt: 'b', resolution: '720p' },
    ]) {
      const r = await fal.subscribe('fal-ai/pika/v2.2/pikascenes', { input, pollInterval: 50 } as never);
      expect((r as { data: { video: { url: string } } }).data.video.url).toMatch(/\.mp4$/);
    }
  });

  it('an unknown endpoint is a 404 at submit', async () => {
    const err = await fal.queue.submit('fal-ai/pika/v9/nothing', { input: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(404);
  });
});

describe('cancel', () => {
  let slow: LocalFalEngine;
  let slowFal: FalClient;
  beforeAll(async () => {
    slow = await startLocalFal({ speed: 1, queueDelayMs: 0, runTimeMs: 4000, concurrency: 1 });
    slowFal = createLocalFalClient(slow);
  });
  afterAll(() => slow?.close());

  it('queued → cancelled, running → cancellation requested, completed → 400, unknown → 404; positions are real', async () => {
    const a = await slowFal.queue.submit(T2V, { input: { prompt: 'running', seed: 1 } });
    const b = await slowFal.queue.submit(T2V, { input: { prompt: 'queued', seed: 2 } });
    const c = await slowFal.queue.submit(T2V, { input: { prompt: 'queued too', seed: 3 } });
    await until(
      () => slowFal.queue.status(T2V, { requestId: a.request_id }),
      (s) => s.status === 'IN_PROGRESS',
    );
    expect(await slowFal.queue.status(T2V, { requestId: b.request_id })).toMatchObject({
      status: 'IN_QUEUE',
      queue_position: 0,
    });
    expect(await slowFal.queue.status(T2V, { requestId: c.request_id })).toMatchObject({
      status: 'IN_QUEUE',
      queue_position: 1,
    });

    await expect(slowFal.queue.cancel(T2V, { requestId: b.request_id })).resolves.toBeUndefined();
    expect(await slowFal.queue.status(T2V, { requestId: b.request_id })).toMatchObject({
      status: 'COMPLETED',
      error_type: 'cancelled',
    });
    expect(await slowFal.queue.status(T2V, { requestId: c.request_id })).toMatchObject({ queue_position: 0 });
    const resultErr = await slowFal.queue.result(T2V, { requestId: b.request_id }).catch((e) => e);
    expect(resultErr).toMatchObject({ status: 400, body: { detail: 'Request was cancelled' } });

    const raw = await fetch(`${slow.url}/fal-ai/pika/requests/${a.request_id}/cancel`, { method: 'PUT' });
    expect(raw.status).toBe(202);
    expect(await raw.json()).toEqual({ status: 'CANCELLATION_REQUESTED' });
    const after = await until(
      () => slowFal.queue.status(T2V, { requestId: a.request_id }),
      (s) => s.status === 'COMPLETED',
    );
    expect(after).toMatchObject({ status: 'COMPLETED', error_type: 'cancelled' });

    await until(
      () => slowFal.queue.status(T2V, { requestId: c.request_id }),
      (s) => s.status === 'COMPLETED',
    );
    const done = await slowFal.queue.cancel(T2V, { requestId: c.request_id }).catch((e) => e);
    expect(done).toMatchObject({ name: 'ApiError', status: 400, body: { status: 'ALREADY_COMPLETED' } });
    const unknown = await slowFal.queue.cancel(T2V, { requestId: crypto.randomUUID() }).catch((e) => e);
    expect(unknown).toMatchObject({ status: 404, body: { status: 'NOT_FOUND' } });
  });
});

describe('more of fal', () => {
  it('the real client also works direct-style (a fetch that only rewrites fal hosts to the engine)', async () => {
    const hosts = new Set(['queue.fal.run', 'rest.fal.ai', 'fal.run']);
    const direct = createFalClient({
      credentials: 'local:dev',
      fetch: ((input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
        return fetch(hosts.has(url.hostname) ? `${engine.url}${url.pathname}${url.search}` : url, init);
      }) as typeof fetch,
    });
    const image = await direct.storage.upload(await makeImage(dir, 'direct', 'color=c=orange'));
    const r = await direct.subscribe('fal-ai/pika/v2/turbo/image-to-video', {
      input: { image_url: image, prompt: 'direct', seed: 2, duration: 1 },
      mode: 'streaming',
    });
    expect((r.data as { video: { url: string } }).video.url).toMatch(/\.mp4$/);
  });

  it('fal.run (sync) answers with the output directly', async () => {
    const r = await fal.run(T2V, { input: { prompt: 'sync', seed: 8 } });
    expect((r.data as { video: { url: string } }).video.url).toMatch(/\.mp4$/);
    const direct = await fetch(`${engine.url}/_run/${T2V}`, {
      method: 'POST',
      body: JSON.stringify({ prompt: 'sync', seed: 8 }),
    });
    expect(direct.status).toBe(200);
  });

  it('a start timeout that expires in the queue is a user-timeout 504', async () => {
    const busy = await startLocalFal({ speed: 1, queueDelayMs: 5000, runTimeMs: 100 });
    try {
      const client = createLocalFalClient(busy);
      const { request_id } = await client.queue.submit(T2V, { input: { prompt: 'late' }, startTimeout: 1.5 } as never);
      const s = await until(
        () => client.queue.status(T2V, { requestId: request_id }),
        (x) => x.status === 'COMPLETED',
        5000,
      );
      expect(s).toMatchObject({ status: 'COMPLETED', error_type: 'request_timeout' });
      const err = await client.queue.result(T2V, { requestId: request_id }).catch((e) => e);
      expect(err).toMatchObject({ status: 504, timeoutType: 'user' });
      expect(err.isUserTimeout).toBe(true);
    } finally {
      await busy.close();
    }
  });
});
