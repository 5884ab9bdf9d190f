import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunDetail, StoredGraph } from '../../shared/api.ts';
import { runFfmpeg } from '../../server/media/ffmpeg.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { api, FAST_SERVER, graph, harness, tmpDir, waitRun } from './helpers.ts';

/**
 * A file is its content (issue 10): nothing a designer made rots when the engine's URLs change. These tests restart
 * the server with its in-process local engine, which comes back on a new port with none of its old files.
 */
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function boot(dataDir: string): Promise<RunningServer> {
  return startServer({ ...FAST_SERVER, dataDir, localFalSpeed: 20 });
}

async function run(server: RunningServer, body: unknown): Promise<RunDetail> {
  const start = await api<RunDetail>(server.url, '/api/runs', { json: body });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  return waitRun(server.url, start.body.id);
}

const t2v = ['t2v', 'pika-turbo-text-to-video', { prompt: 'a paper boat on a puddle', seed: 3 }] as [
  string,
  string,
  Record<string, unknown>,
];

describe('after a restart (new local-engine port, its files gone)', () => {
  it('a cached upstream result feeds a new downstream node: upstream cached, exactly one new submission', async () => {
    const dataDir = await tmpDir('content-');
    dirs.push(dataDir);
    let server = await boot(dataDir);
    const first = await run(server, { graph: graph([t2v], []) });
    expect(first.status).toBe('completed');
    const firstPort = server.localFal!.url;
    await server.close();

    server = await boot(dataDir);
    try {
      expect(server.localFal!.url).not.toBe(firstPort);
      const chain = graph(
        [t2v, ['swap', 'pika-pikaswaps', { prompt: 'a tin boat', modify_region: 'the boat' }]],
        [['t2v.video', 'swap.video']],
      );
      const done = await run(server, { graph: chain });
      expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
      expect(done.nodes.t2v.state).toBe('cached');
      expect(done.nodes.t2v.outputs).toEqual(first.nodes.t2v.outputs);
      expect(done.nodes.swap.state).toBe('done');
      expect(server.localFal!.counters.acceptedTotal).toBe(1);
      expect(done.nodes.swap.outputs?.video).toMatch(/^\/media\/[a-f0-9]{64}\.mp4$/);
    } finally {
      await server.close();
    }
  });

  it('a saved template with an uploaded image runs', async () => {
    const dataDir = await tmpDir('content-');
    dirs.push(dataDir);
    const png = join(dataDir, 'in.png');
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc=s=320x180', '-frames:v', '1', png]);
    let server = await boot(dataDir);
    const form = new FormData();
    form.set('file', new Blob([await readFile(png)], { type: 'image/png' }), 'in.png');
    const up = (await (await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form })).json()) as {
      url: string;
    };
    const g = graph(
      [
        ['img', 'image', { url: up.url }],
        ['i2v', 'pika-turbo-image-to-video', { prompt: 'slow zoom', seed: 1 }],
        ['out', 'output'],
      ],
      [
        ['img.image', 'i2v.image'],
        ['i2v.video', 'out.in'],
      ],
    );
    const saved = await api<StoredGraph>(server.url, '/api/graphs', { json: { name: 'Zoom', graph: g } });
    expect(saved.status).toBe(201);
    await server.close();

    server = await boot(dataDir);
    try {
      const done = await run(server, { graphId: saved.body.id });
      expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
      expect(done.nodes.img.outputs?.image).toBe(up.url);
      expect(done.nodes.i2v.state).toBe('done');
    } finally {
      await server.close();
    }
  });
});

it('a published URL that answers 404 is published again and the node completes', async () => {
  const h = await harness({ paid: true });
  try {
    const first = await run(h.server, { graph: graph([t2v], []) });
    expect(first.status).toBe('completed');
    const uploadsBefore = h.fal.counters.requests.upload ?? 0;
    // The t2v result's own URL was remembered as where "fal" serves it; now it answers 404 (expired).
    h.fal.setFaults({ files: { script: [404] } });
    const chain = graph([t2v, ['swap', 'pika-pikaswaps', { prompt: 'a tin boat' }]], [['t2v.video', 'swap.video']]);
    const done = await run(h.server, { graph: chain });
    expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
    expect(done.nodes.t2v.state).toBe('cached');
    expect(h.fal.counters.requests.upload ?? 0).toBeGreaterThan(uploadsBefore);
  } finally {
    h.fal.setFaults({});
    await h.close();
  }
});
