import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { createLocalFalClient, startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { graph, tmpDir, waitRun } from '../server/helpers.ts';

/**
 * The fal key never leaves the server: a server started with a (fake) key, its fal client pointed at the local
 * engine, is crawled through its whole API; no body or header may contain the key. The client bundle built with the
 * key in the environment must not contain it either.
 */
const KEY = 'fal-key-7f3a91c2:do-not-leak-e8b4';
let fal: LocalFalEngine;
let server: RunningServer;
let dataDir: string;
beforeAll(async () => {
  fal = await startLocalFal({ speed: 20, fps: 4 });
  dataDir = await tmpDir();
  server = await startServer({
    dataDir,
    falKey: KEY,
    fal: createLocalFalClient(fal),
    localFalUrl: fal.url,
    pollIntervalMs: 30,
  });
});
afterAll(async () => {
  await server?.close();
  await fal?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const seen: string[] = [];
async function crawl(path: string, init?: RequestInit) {
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  seen.push(`${path} ${res.status}`);
  expect(text, path).not.toContain(KEY);
  for (const [name, value] of res.headers) expect(`${name}: ${value}`, path).not.toContain(KEY);
  return { status: res.status, text };
}
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

it('no API response body or header contains the fal key', async () => {
  const g = graph(
    [
      ['v', 'pika-turbo-text-to-video', { prompt: 'key check', seed: 9 }],
      ['t', 'trim', { start: 0, end: 1 }],
      ['out', 'output'],
    ],
    [
      ['v.video', 't.video'],
      ['t.video', 'out.in'],
    ],
  );
  const started = JSON.parse((await crawl('/api/runs', json({ graph: g }))).text) as RunDetail;
  const done = await waitRun(server.url, started.id);
  expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
  const saved = JSON.parse((await crawl('/api/graphs', json({ name: 'key', graph: g }))).text) as { id: string };
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(32)]);
  const form = new FormData();
  form.set('file', new Blob([png]), 'a.png');
  const up = JSON.parse((await crawl('/api/uploads', { method: 'POST', body: form })).text) as { mediaUrl: string };

  const paths = [
    '/api/config',
    '/api/graphs',
    `/api/graphs/${saved.id}`,
    `/api/graphs/${saved.id}/versions`,
    '/api/runs',
    `/api/runs/${done.id}`,
    `/api/runs/${done.id}/events`,
    `/api/templates/${saved.id}/inputs`,
    `/api/templates/${saved.id}/batches`,
    up.mediaUrl,
    done.outputs.out,
    '/api/nope',
    '/media/nope.mp4',
  ];
  for (const p of paths) await crawl(p);
  await crawl('/api/estimate', json({ graph: g }));
  await crawl('/api/validate', json({ graph: g }));
  await crawl(`/api/templates/${saved.id}/runs`, json({ inputs: { nope: 1 } }));
  await crawl('/api/runs', json({ graph: { version: 1, nodes: [{ id: 'x', type: 'nope' }], edges: [] } }));
  await crawl(`/api/runs/${done.id}/cancel`, { method: 'POST' });
  expect(seen.length).toBeGreaterThanOrEqual(20);
});

it('the client bundle built with FAL_KEY in the environment does not contain it', async () => {
  const out = await tmpDir('pikaflow-bundle-');
  try {
    execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
      env: { ...process.env, FAL_KEY: KEY, VITE_FAL_KEY: KEY },
      stdio: 'pipe',
    });
    const files = await readdir(out, { recursive: true, withFileTypes: true });
    const texts = files.filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
    expect(texts.some((f) => f.endsWith('.js'))).toBe(true);
    for (const f of texts) expect((await readFile(f)).includes(KEY), f).toBe(false);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
