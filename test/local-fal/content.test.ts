import type { FalClient } from '@fal-ai/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalFalClient, type LocalFalEngine, startLocalFal } from '../../server/local-fal/index.ts';
import { fetchVideo, frameAt, frameDiff, makeImage, makeVideo, workDir } from './helpers.ts';

/** The pictures show what went in: prompts, seeds, input images, effects, keyframes. Render cache off on purpose. */

let engine: LocalFalEngine;
let fal: FalClient;
let dir: string;

beforeAll(async () => {
  engine = await startLocalFal({ speed: 100, concurrency: 2, renderCache: false });
  fal = createLocalFalClient(engine);
  dir = await workDir();
});
afterAll(() => engine?.close());

async function render(endpoint: string, input: Record<string, unknown>, name: string) {
  const r = await fal.subscribe(endpoint, { input, pollInterval: 50 } as never);
  return fetchVideo((r as { data: { video: { url: string } } }).data.video.url, dir, name);
}

const T2V = 'fal-ai/pika/v2.2/text-to-video';

it('same seed gives the same bytes; another prompt or seed gives another picture', async () => {
  const [a, b, c, d] = await Promise.all([
    render(T2V, { prompt: 'a red fox', seed: 11, duration: 5 }, 'a'),
    render(T2V, { prompt: 'a red fox', seed: 11, duration: 5 }, 'b'),
    render(T2V, { prompt: 'a blue whale in deep water', seed: 11, duration: 5 }, 'c'),
    render(T2V, { prompt: 'a red fox', seed: 12, duration: 5 }, 'd'),
  ]);
  expect(a.bytes.equals(b.bytes)).toBe(true);
  expect(frameDiff(await frameAt(a.file, 2), await frameAt(c.file, 2))).toBeGreaterThan(0.5);
  expect(frameDiff(await frameAt(a.file, 2), await frameAt(d.file, 2))).toBeGreaterThan(5);
  // Moving imagery: the picture changes over time.
  expect(frameDiff(await frameAt(a.file, 0.5), await frameAt(a.file, 4))).toBeGreaterThan(5);
});

it('aspect ratio, resolution and a "10" string duration are honoured', async () => {
  const v = await render(
    T2V,
    { prompt: 'tall', aspect_ratio: '9:16', resolution: '720p', duration: '10', seed: 1 },
    'tall',
  );
  expect([v.info.width, v.info.height]).toEqual([720, 1280]);
  expect(v.info.duration).toBeCloseTo(10, 0);
  const sq = await render(
    'fal-ai/pika/v2/turbo/text-to-video',
    { prompt: 'square', aspect_ratio: '4:5', duration: 2, seed: 1 },
    'sq',
  );
  expect([sq.info.width, sq.info.height, Math.round(sq.info.duration)]).toEqual([720, 900, 2]);
});

/** Average colour of a frame (r, g, b). */
function mean(frame: Buffer): number[] {
  const sums = [0, 0, 0];
  for (let i = 0; i < frame.length; i++) sums[i % 3] += frame[i];
  return sums.map((s) => s / (frame.length / 3));
}

it('image-to-video shows the input image; keyframes cross-fade from the first to the last', async () => {
  const red = await fal.storage.upload(await makeImage(dir, 'red', 'color=c=red'));
  const blue = await fal.storage.upload(await makeImage(dir, 'blue', 'color=c=blue'));
  const i2v = await render(
    'fal-ai/pika/v2.1/image-to-video',
    { image_url: red, prompt: 'p', seed: 1, duration: 2 },
    'i2v',
  );
  const [r, g, b] = mean(await frameAt(i2v.file, 1));
  expect(r).toBeGreaterThan(150);
  expect(g + b).toBeLessThan(150);
  const kf = await render(
    'fal-ai/pika/v2.2/pikaframes',
    { image_urls: [red, blue], transitions: [{ duration: 3 }] },
    'kf',
  );
  expect(kf.info.duration).toBeCloseTo(3, 0);
  const start = mean(await frameAt(kf.file, 0.3));
  const end = mean(await frameAt(kf.file, 2.9));
  expect(start[0]).toBeGreaterThan(start[2] + 100);
  expect(end[2]).toBeGreaterThan(end[0] + 100);
  // Halfway through the fade (1.2 s → 3 s) both pictures show: a fade, not a cut, whichever ffmpeg path rendered it.
  const mid = mean(await frameAt(kf.file, 2.1));
  for (const c of [mid[0], mid[2]]) {
    expect(c).toBeGreaterThan(60);
    expect(c).toBeLessThan(200);
  }
});

it('each pikaffect looks different', async () => {
  const img = await fal.storage.upload(await makeImage(dir, 'fx', 'testsrc'));
  const effects = ['Melt', 'Ta-da', 'Squish', 'Tear'];
  const vids = await Promise.all(
    effects.map((e) => render('fal-ai/pika/v1.5/pikaffects', { image_url: img, pikaffect: e, seed: 1 }, `fx-${e}`)),
  );
  const frames = await Promise.all(vids.map((v) => frameAt(v.file, 2)));
  for (let i = 0; i < frames.length; i++)
    for (let j = i + 1; j < frames.length; j++) expect(frameDiff(frames[i], frames[j])).toBeGreaterThan(3);
});

it('pikadditions composites the image into the source video', async () => {
  const video = await fal.storage.upload(await makeVideo(dir));
  const img = await fal.storage.upload(await makeImage(dir, 'add', 'color=c=yellow'));
  const out = await render(
    'fal-ai/pika/v2/pikadditions',
    { video_url: video, image_url: img, prompt: 'a yellow box', seed: 1 },
    'add',
  );
  const src = await fetchVideo(video, dir, 'src');
  expect(out.info.duration).toBeCloseTo(src.info.duration, 0);
  expect(frameDiff(await frameAt(out.file, 1), await frameAt(src.file, 1))).toBeGreaterThan(5);
});
