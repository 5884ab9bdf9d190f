import type { FalClient } from '@fal-ai/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalFalClient, type LocalFalEngine, startLocalFal } from '../../server/local-fal/index.ts';
import { fetchVideo, workDir } from './helpers.ts';

/**
 * `render: 'fixed'` (the team bench's fal stand-in): every request takes the run time and answers with the same tiny
 * clip made once, through the same queue protocol as a real render.
 */
const RUN_MS = 400;
let engine: LocalFalEngine;
let fal: FalClient;
let dir: string;

beforeAll(async () => {
  engine = await startLocalFal({ render: 'fixed', queueDelayMs: 0, runTimeMs: RUN_MS, concurrency: 50 });
  fal = createLocalFalClient(engine);
  dir = await workDir();
});
afterAll(() => engine?.close());

const T2V = 'fal-ai/pika/v2/turbo/text-to-video';

it('jobs run side by side, and all answer with one small valid MP4', async () => {
  const results = await Promise.all(
    Array.from({ length: 12 }, async (_, i) => {
      const { request_id } = await fal.queue.submit(T2V, { input: { prompt: `fixed ${i}`, seed: i } });
      await fal.queue.subscribeToStatus(T2V, { requestId: request_id, pollInterval: 50 } as never);
      const r = await fal.queue.result(T2V, { requestId: request_id });
      return { id: request_id, url: (r.data as { video: { url: string } }).video.url };
    }),
  );
  expect(engine.counters.acceptedTotal).toBe(12);
  expect(engine.counters.acceptedIds.sort()).toEqual(results.map((r) => r.id).sort());
  const finished = results.map((r) => engine.finishedAt(r.id)!);
  // They ran at once (50 runners), not one after another: 12 in a row would span 11 × RUN_MS.
  expect(Math.max(...finished) - Math.min(...finished)).toBeLessThan(5 * RUN_MS);
  const videos = await Promise.all(results.map((r, i) => fetchVideo(r.url, dir, `v${i}`)));
  expect(videos[0].info.codec).toBe('h264');
  expect(videos[0].contentType).toBe('video/mp4');
  expect([videos[0].info.width, videos[0].info.height]).toEqual([64, 36]);
  for (const v of videos) expect(v.bytes.equals(videos[0].bytes)).toBe(true);
});

it('a job still takes the whole run time, and a bad body is still refused like fal does', async () => {
  const t0 = Date.now();
  const r = await fal.subscribe(T2V, { input: { prompt: 'timed' }, pollInterval: 50 } as never);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(RUN_MS);
  expect((r.data as { video: { url: string } }).video.url).toMatch(/\.mp4$/);
  await expect(fal.subscribe(T2V, { input: { prompt: 42 }, pollInterval: 50 } as never)).rejects.toMatchObject({
    status: 422,
  });
});
