import type { FalClient } from '@fal-ai/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_DEFS, endpointIds } from '../../shared/registry.ts';
import { createLocalFalClient, type LocalFalEngine, startLocalFal } from '../../server/local-fal/index.ts';
import { fetchVideo, sampleBody, type Uploaded, uploadMedia, workDir } from './helpers.ts';

/** Every registry endpoint, through the real client, in both subscribe modes; the videos checked with ffprobe. */

let engine: LocalFalEngine;
let fal: FalClient;
let media: Uploaded;
let dir: string;

beforeAll(async () => {
  engine = await startLocalFal({ speed: 50, concurrency: 2, fps: 10 });
  fal = createLocalFalClient(engine);
  dir = await workDir();
  media = await uploadMedia(fal, dir);
});
afterAll(() => engine?.close());

const falDefs = NODE_DEFS.filter((d) => d.endpoint);

/** What the video should look like for this body: fal's sizes; edits keep the 640x360 2 s source. */
function expected(endpoint: string, body: Record<string, unknown>) {
  const op = endpoint.split('/').pop();
  if (op === 'pikaswaps' || op === 'pikadditions') return { w: 640, h: 360, d: 2 };
  const h = body.resolution === '1080p' ? 1080 : 720;
  const w = h === 1080 ? 1920 : 1280; // every sample is 16:9 (the default ratio; test images are 640x360)
  if (op === 'pikaframes')
    return { w, h, d: (body.transitions as { duration: number }[]).reduce((s, t) => s + t.duration, 0) };
  if (op === 'pikaffects') return { w, h: 720, d: 5 };
  return { w, h, d: Number(body.duration ?? 5) };
}

it('covers every endpoint of the registry', () => {
  expect(new Set(falDefs.map((d) => d.endpoint))).toEqual(new Set(endpointIds()));
});

describe.concurrent.each(falDefs.map((d) => [d.type, d] as const))('%s', (_type, def) => {
  for (const mode of ['polling', 'streaming'] as const) {
    it(`subscribe (${mode}) renders a playable H.264 MP4 of the requested shape`, async () => {
      const body = sampleBody(def, media, { seed: 42 });
      const updates: string[] = [];
      const res = await fal.subscribe(def.endpoint!, {
        input: body,
        mode,
        logs: true,
        pollInterval: 50,
        onQueueUpdate: (u) => updates.push(u.status),
      } as Parameters<FalClient['subscribe']>[1]);
      expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(updates.at(-1)).toBe('COMPLETED');
      const video = (res.data as { video: { url: string; content_type: string; file_size: number } }).video;
      expect(video.content_type).toBe('video/mp4');
      const got = await fetchVideo(video.url, dir, `${def.type}-${mode}`);
      expect(got.contentType).toBe('video/mp4');
      expect(got.bytes.length).toBe(video.file_size);
      const want = expected(def.endpoint!, body);
      expect(got.info.codec).toBe('h264');
      expect([got.info.width, got.info.height]).toEqual([want.w, want.h]);
      expect(got.info.duration).toBeGreaterThan(want.d - 0.3);
      expect(got.info.duration).toBeLessThan(want.d + 0.3);
    });
  }
});
