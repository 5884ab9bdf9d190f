import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalFalEngine, startLocalFal } from '../../server/local-fal/index.ts';
import { workDir } from './helpers.ts';

/** The engine's routes over raw HTTP: both URL styles, bodies, byte ranges, and what is (not) counted. */

const T2V = 'fal-ai/pika/v2/turbo/text-to-video';
let engine: LocalFalEngine;
let dataDir: string;

beforeAll(async () => {
  dataDir = await workDir();
  engine = await startLocalFal({ speed: 100, maxFileBytes: 64 * 1024, dataDir });
});
afterAll(() => engine?.close());

const proxied = (target: string, init: RequestInit = {}) =>
  fetch(engine.proxyUrl, { ...init, headers: { ...init.headers, 'x-fal-target-url': target } });

/** initiate → signed PUT, as the client does it; returns the file URL. */
async function upload(bytes: Uint8Array<ArrayBuffer>, type = 'application/octet-stream'): Promise<string> {
  const init = await proxied('https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3', {
    method: 'POST',
    body: JSON.stringify({ content_type: type, file_name: 'x.bin' }),
  });
  const { upload_url, file_url } = await init.json();
  expect((await fetch(upload_url, { method: 'PUT', body: bytes })).status).toBe(200);
  return file_url;
}

describe('proxy style', () => {
  it('a proxy call without a usable x-fal-target-url is a 400, and counted nowhere', async () => {
    const before = engine.counters.requests;
    for (const headers of [{}, { 'x-fal-target-url': 'not a url' }] as Record<string, string>[]) {
      const res = await fetch(engine.proxyUrl, { method: 'POST', headers, body: '{}' });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ detail: '/api/fal/proxy needs an x-fal-target-url header' });
    }
    expect(engine.counters.requests).toEqual(before);
  });

  it('routes on the target: the same job through the proxy, directly, and under a workflows/ prefix', async () => {
    const sub = await proxied(`https://queue.fal.run/${T2V}`, {
      method: 'POST',
      body: JSON.stringify({ prompt: 'p', seed: 1 }),
    });
    const { request_id } = await sub.json();
    expect(sub.headers.get('x-fal-request-id')).toBe(request_id);
    for (const res of [
      await proxied(`https://queue.fal.run/fal-ai/pika/requests/${request_id}/status`),
      await fetch(`${engine.url}/fal-ai/pika/requests/${request_id}/status`),
      await fetch(`${engine.url}/workflows/fal-ai/pika/requests/${request_id}/status`),
    ]) {
      expect([200, 202]).toContain(res.status);
      expect((await res.json()).request_id).toBe(request_id);
    }
  });
});

describe('bodies', () => {
  it('malformed JSON is a 422 in FastAPI shape; an oversized JSON body a 413', async () => {
    const bad = await fetch(`${engine.url}/${T2V}`, { method: 'POST', body: '{"prompt":' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ detail: [{ loc: ['body'], msg: 'Invalid JSON body', type: 'json_invalid' }] });
    const big = await fetch(`${engine.url}/${T2V}`, {
      method: 'POST',
      body: JSON.stringify({ prompt: 'x'.repeat(11 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
  });

  it('an upload over the cap is refused (declared) or cut (streamed), and leaves no file', async () => {
    const init = await fetch(`${engine.url}/storage/upload/initiate`, { method: 'POST', body: '{}' });
    const { upload_url } = await init.json();
    const declared = await fetch(upload_url, { method: 'PUT', body: new Uint8Array(65 * 1024) });
    expect(declared.status).toBe(413);
    // No content-length: the cap is enforced while streaming; the client sees a 413 or a cut connection.
    let sent = 0;
    const chunks = new ReadableStream({
      pull(c) {
        c.enqueue(new Uint8Array(16 * 1024));
        if (++sent === 8) c.close();
      },
    });
    const streamed = await fetch(upload_url, { method: 'PUT', body: chunks, duplex: 'half' } as RequestInit).catch(
      () => undefined,
    );
    if (streamed) expect(streamed.status).toBe(413);
    expect(await readdir(join(dataDir, 'files'))).toEqual([]);
    // The next request must not land on the half-read connection (it answers `connection: close`).
    expect((await fetch(`${engine.url}/__upload/no-such-token`, { method: 'PUT', body: 'x' })).status).toBe(404);
  });
});

describe('files', () => {
  it('serves bytes with ranges; HEAD answers headers only', async () => {
    const url = await upload(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const full = await fetch(url);
    expect(full.headers.get('content-length')).toBe('10');
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    const part = await fetch(url, { headers: { range: 'bytes=2-4' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-4/10');
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([2, 3, 4]);
    expect((await fetch(url, { headers: { range: 'bytes=8-' } })).headers.get('content-range')).toBe('bytes 8-9/10');
    const unsatisfiable = await fetch(url, { headers: { range: 'bytes=20-' } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('content-range')).toBe('bytes */10');
    const before = engine.counters.requests.files ?? 0;
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('10');
    expect(head.headers.get('content-type')).toBe('application/octet-stream');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect(engine.counters.requests.files).toBe(before + 1);
    expect((await fetch(url.replace(/\/[^/]*$/, ''))).status).toBe(200); // the file name part is optional
    expect((await fetch(`${engine.url}/files/nope/x.bin`)).status).toBe(404);
  });
});

describe('what is not a route', () => {
  it('unknown paths and non-submissions under requests/ are 404s, not counted as submits', async () => {
    const before = engine.counters.requests.submit ?? 0;
    const posted = await fetch(`${engine.url}/fal-ai/pika/requests/${crypto.randomUUID()}`, {
      method: 'POST',
      body: '{}',
    });
    expect(posted.status).toBe(404);
    expect((await fetch(`${engine.url}/nothing`)).status).toBe(404);
    expect(await (await fetch(`${engine.url}/a/b/c`)).json()).toEqual({ detail: 'Not found' });
    expect(engine.counters.requests.submit ?? 0).toBe(before);
  });
});

describe('faults and logs', () => {
  it('drop cuts the connection on any route; accept-drop does so after creating the job', async () => {
    engine.setFaults({ upload: { script: ['drop'] }, submit: { script: ['accept-drop'] } });
    try {
      await expect(fetch(`${engine.url}/storage/upload/initiate`, { method: 'POST', body: '{}' })).rejects.toThrow(
        /fetch failed/,
      );
      const before = engine.counters.acceptedIds.length;
      await expect(fetch(`${engine.url}/${T2V}`, { method: 'POST', body: '{"prompt":"p"}' })).rejects.toThrow(
        /fetch failed/,
      );
      expect(engine.counters.acceptedIds.length).toBe(before + 1);
    } finally {
      engine.setFaults({});
    }
  });

  it('log: one line per request, naming the route it took', async () => {
    const logged = await startLocalFal({ speed: 100, log: true });
    const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await fetch(`${logged.url}/${T2V}?fal_webhook=x`, { method: 'POST', body: '{"prompt":"p"}' });
      await fetch(`${logged.url}/nothing`);
      const lines = spy.mock.calls.map((c) => String(c[0]));
      expect(lines).toEqual([`[local-fal] POST /${T2V}?fal_webhook=x → submit`, '[local-fal] GET /nothing → unknown']);
    } finally {
      spy.mockRestore();
      await logged.close();
    }
  });
});
