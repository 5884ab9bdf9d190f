import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { readProvenance } from '../../server/media/provenance.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { api, FAST_FAL, FAST_SERVER, graph, tmpDir, waitRun } from './helpers.ts';

/**
 * A preview is never a Pika video (issue 10): results record the engine that made them, the cache key includes it,
 * and with a key set a free Preview still runs on the local engine. Two engines: `local` for previews and `falHost`
 * playing fal's hosts, so each one's counters say who was asked for what.
 */
let local: LocalFalEngine;
let falHost: LocalFalEngine;
let dataDir: string;
beforeAll(async () => {
  [local, falHost] = await Promise.all([startLocalFal(FAST_FAL), startLocalFal(FAST_FAL)]);
  dataDir = await tmpDir('preview-');
});
afterAll(async () => {
  await Promise.all([local?.close(), falHost?.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

const g = graph(
  [
    ['t', 'pika-turbo-text-to-video', { prompt: 'a heron takes off', seed: 5 }],
    ['out', 'output'],
  ],
  [['t.video', 'out.in']],
);

async function run(server: RunningServer, body: Record<string, unknown>): Promise<RunDetail> {
  const start = await api<RunDetail>(server.url, '/api/runs', { json: body });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  return waitRun(server.url, start.body.id);
}

it('an offline run is a free preview; with a key nothing of it is served as cached, and Preview still submits nothing to fal', async () => {
  const offline = await startServer({ ...FAST_SERVER, dataDir, localFalUrl: local.url });
  const preview = await run(offline, { graph: g });
  await offline.close();
  expect(preview).toMatchObject({ status: 'completed', engine: 'local', cost: 0, estimate: 0.2 });
  expect(preview.nodes.t).toMatchObject({ state: 'done', cost: 0, estimate: 0.2 });
  const prov = await readProvenance(`${dataDir}/media/${preview.outputs.out.slice('/media/'.length)}`);
  expect(prov?.engine).toBe('local');

  const keyed = await startServer({
    ...FAST_SERVER,
    dataDir,
    localFalUrl: local.url,
    falKey: 'test-key',
    falStandIn: falHost.url,
  });
  try {
    const config = await api<{ localEngine: boolean; canPreview: boolean }>(keyed.url, '/api/config');
    expect(config.body).toMatchObject({ localEngine: false, canPreview: true });
    const estimate = await api<{ total: number; cached: string[] }>(keyed.url, '/api/estimate', { json: { graph: g } });
    expect(estimate.body).toMatchObject({ total: 0.2, cached: [] });

    const paid = await run(keyed, { graph: g });
    expect(paid).toMatchObject({ status: 'completed', engine: 'fal' });
    expect(paid.nodes.t.state).toBe('done');
    expect(paid.cost).toBeCloseTo(0.2, 5);
    expect(falHost.counters.acceptedTotal).toBe(1);
    // (Both stand-ins render the same bytes for the same body, so the files may be equal by content: that is fine.)

    const localBefore = local.counters.acceptedTotal;
    const again = await run(keyed, { graph: g, engine: 'local', reroll: ['t'] });
    expect(again).toMatchObject({ status: 'completed', engine: 'local', cost: 0, estimate: 0.2 });
    expect(falHost.counters.acceptedTotal).toBe(1);
    expect(local.counters.acceptedTotal).toBe(localBefore + 1);
    // The paid result is the cache's answer for paid runs; the preview cache answers previews.
    expect((await run(keyed, { graph: g })).nodes.t.state).toBe('cached');
    expect((await run(keyed, { graph: g, engine: 'local' })).nodes.t.state).toBe('cached');
    expect(falHost.counters.acceptedTotal).toBe(1);
  } finally {
    await keyed.close();
  }
});

it('asking for fal on a server without a key is a 400 naming engine', async () => {
  const offline = await startServer({ ...FAST_SERVER, dataDir, localFalUrl: local.url });
  try {
    const res = await api<{ error: string; problems: { field?: string }[] }>(offline.url, '/api/runs', {
      json: { graph: g, engine: 'fal' },
    });
    expect(res.status).toBe(400);
    expect(res.body.problems[0].field).toBe('engine');
    expect(res.body.error).toMatch(/FAL_KEY/);
  } finally {
    await offline.close();
  }
});
