import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { createLocalFalClient, startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { api, graph, tmpDir, waitRun } from '../server/helpers.ts';

/**
 * Every server-side fetch of a user-given URL (a source node's URL fetched by a local step through the media keeper;
 * a run's webhook) refuses loopback, link-local and private addresses and follows no redirect into them. The only
 * private origin allowed is the local engine the server was given: here a "redirector" plays that trusted origin and
 * bounces to a trap, which must never see a request.
 */
let trap: Server;
let redirector: Server;
let trapUrl = '';
let trapHits = 0;
let fal: LocalFalEngine;
let server: RunningServer;
let dataDir: string;
const listen = (s: Server) =>
  new Promise<string>((r) =>
    s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );

beforeAll(async () => {
  trap = createServer((_req, res) => {
    trapHits++;
    res.writeHead(200, { 'content-type': 'video/mp4' }).end('not really');
  });
  trapUrl = await listen(trap);
  redirector = createServer((req, res) => res.writeHead(302, { location: `${trapUrl}${req.url}` }).end());
  const redirectorUrl = await listen(redirector);
  fal = await startLocalFal({ speed: 20, fps: 4 });
  dataDir = await tmpDir();
  // The fal client goes to the real engine; the trusted "local engine" origin is the redirector.
  server = await startServer({
    dataDir,
    fal: createLocalFalClient(fal),
    localFalUrl: redirectorUrl,
    pollIntervalMs: 30,
    retry: { max: 1, baseMs: 5 },
  });
  process.env.SSRF_REDIRECTOR = redirectorUrl;
});
afterAll(async () => {
  await server?.close();
  await fal?.close();
  trap?.close();
  redirector?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const trimOf = (url: string) =>
  graph(
    [
      ['src', 'video', { url }],
      ['t', 'trim', { start: 0, end: 1 }],
      ['out', 'output'],
    ],
    [
      ['src.video', 't.video'],
      ['t.video', 'out.in'],
    ],
  );

it('a local step never fetches a private, loopback or link-local source URL, nor one that redirects there', async () => {
  const port = new URL(trapUrl).port;
  const urls = [
    `${trapUrl}/a.mp4`,
    `http://localhost:${port}/b.mp4`,
    `http://[::1]:${port}/c.mp4`,
    `http://[::ffff:127.0.0.1]:${port}/d.mp4`,
    'http://169.254.169.254/latest/meta-data.mp4',
    'http://10.1.2.3/e.mp4',
    'http://192.168.0.1/f.mp4',
    'http://0.0.0.0:1/g.mp4',
    `${process.env.SSRF_REDIRECTOR}/redirected.mp4`,
  ];
  for (const url of urls) {
    const start = await api<RunDetail>(server.url, '/api/runs', { json: { graph: trimOf(url) } });
    expect(start.status, url).toBe(201);
    const done = await waitRun(server.url, start.body.id);
    expect(done.status, url).toBe('failed');
    // The source is kept by content before anything uses it, so the refusal is the source node's.
    expect(done.nodes.src.error?.message, url).toMatch(/private or local|redirect/);
    expect(done.nodes.t.state, url).toBe('skipped');
  }
  expect(trapHits).toBe(0);
});

it('a run webhook to a private address is refused at request time, so it is never called', async () => {
  const g = graph(
    [
      ['p', 'prompt', { text: 'hook' }],
      ['out', 'output'],
    ],
    [['p.text', 'out.in']],
  );
  for (const webhook of [`${trapUrl}/hook`, `http://localhost:${new URL(trapUrl).port}/hook`]) {
    const runsBefore = server.store.runs.list({ limit: 1_000_000 }).length;
    const start = await api<{ error: string }>(server.url, '/api/runs', { json: { graph: g, webhook } });
    expect(start.status, webhook).toBe(400);
    expect(start.body.error, webhook).toMatch(/webhook/);
    // Nothing to wait for: no run was stored, so no run can finish and notify anyone later. (The notifier's own
    // refusal, for an address that only turns private when connecting, is test/server/run-webhook.test.ts.)
    expect(server.store.runs.list({ limit: 1_000_000 }).length, webhook).toBe(runsBefore);
  }
  expect(trapHits).toBe(0);
});
