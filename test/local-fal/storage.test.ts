import { type FalClient, ValidationError } from '@fal-ai/client';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalFalClient, type LocalFalEngine, startLocalFal } from '../../server/local-fal/index.ts';
import { makeImage, workDir } from './helpers.ts';

/** fal storage on the engine (initiate → signed PUT → file_url, multipart) and input fetching from other hosts. */

let engine: LocalFalEngine;
let fal: FalClient;
let dir: string;
let other: Server;
let otherUrl: string;
let png: Buffer;

beforeAll(async () => {
  engine = await startLocalFal({ speed: 100, concurrency: 2, maxFileBytes: 200 * 1024 * 1024 });
  fal = createLocalFalClient(engine);
  dir = await workDir();
  png = Buffer.from(await (await makeImage(dir, 'elsewhere', 'rgbtestsrc')).arrayBuffer());
  // Another web server, so inputs are also fetched over HTTP rather than read from the engine's disk.
  other = createServer((req, res) => {
    if (req.url === '/img.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  other?.close();
  await engine?.close();
});

describe('storage', () => {
  it('upload an image, fetch it back with its type, use it as image_url', async () => {
    const blob = await makeImage(dir, 'upload');
    const url = await fal.storage.upload(blob);
    const got = await fetch(url);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(await blob.arrayBuffer()))).toBe(true);
    const r = await fal.subscribe('fal-ai/pika/v2.2/image-to-video', {
      input: { image_url: url, prompt: 'zoom', seed: 3 },
      pollInterval: 50,
    });
    expect((r.data as { video: { url: string } }).video.url).toMatch(/\.mp4$/);
  });

  it('a Blob input is auto-uploaded by the client', async () => {
    const before = engine.counters.requests.upload ?? 0;
    const r = await fal.subscribe('fal-ai/pika/v2/turbo/image-to-video', {
      input: { image_url: (await makeImage(dir, 'blob', 'smptebars')) as unknown as string, prompt: 'blob', seed: 4 },
      pollInterval: 50,
    });
    expect((r.data as { video: { url: string } }).video.url).toMatch(/\.mp4$/);
    expect(engine.counters.requests.upload).toBe(before + 2); // initiate + signed PUT
  });

  it('files over 90 MiB take the multipart flow', async () => {
    const bytes = new Uint8Array(91 * 1024 * 1024);
    bytes[bytes.length - 1] = 7;
    const url = await fal.storage.upload(new Blob([bytes], { type: 'application/octet-stream' }));
    const res = await fetch(url);
    const got = Buffer.from(await res.arrayBuffer());
    expect(got.length).toBe(bytes.length);
    expect(got[got.length - 1]).toBe(7);
    const range = await fetch(url, { headers: { range: 'bytes=-1' } });
    expect(range.status).toBe(206);
    expect([...new Uint8Array(await range.arrayBuffer())]).toEqual([7]);
  });
});

describe('inputs from other hosts', () => {
  it('fetches an http(s) image_url', async () => {
    const r = await fal.subscribe('fal-ai/pika/v2.1/image-to-video', {
      input: { image_url: `${otherUrl}/img.png`, prompt: 'remote', seed: 1, duration: 1 },
      pollInterval: 50,
    });
    expect((r.data as { video: { url: string } }).video.url).toMatch(/\.mp4$/);
  });

  it('an input that cannot be downloaded is a 422', async () => {
    const err = await fal
      .subscribe('fal-ai/pika/v2.1/image-to-video', {
        input: { image_url: `${otherUrl}/missing.png`, prompt: 'x' },
        pollInterval: 50,
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.body.detail[0].type).toBe('file_download_error');
  });
});
