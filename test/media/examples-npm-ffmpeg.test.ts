import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { Graph } from '../../shared/graph.ts';
import { ffmpegBinary, ffprobeBinary, probe, shippedBinary } from '../../server/media/ffmpeg.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { api, FAST_SERVER, tmpDir, waitRun } from '../server/helpers.ts';

/**
 * A fresh machine with nothing but `npm ci`: every example graph runs on the built-in local engine with the ffmpeg and
 * ffprobe shipped in npm packages (a 2018 build without xfade). Only the `npm-ffmpeg` project runs this file, and its
 * `test.env` points FFMPEG_PATH / FFPROBE_PATH at those binaries; the server suite runs the same examples on the
 * default ffmpeg.
 */
const examples = join(import.meta.dirname, '../../examples');
const files = readdirSync(examples).filter((f) => f.endsWith('.json'));

let server: RunningServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await tmpDir('pikaflow-npm-ffmpeg-');
  // Fewer frames per clip (read once, when the engine starts): the same filters either way, and the machine is small.
  const fps = process.env.LOCAL_FAL_FPS;
  process.env.LOCAL_FAL_FPS = '8';
  // No FAL_KEY and no LOCAL_FAL_URL: the server starts its own in-process local engine, as it does for a new user.
  server = await startServer({ ...FAST_SERVER, dataDir, localFalSpeed: 20 }).finally(() => {
    if (fps === undefined) delete process.env.LOCAL_FAL_FPS;
    else process.env.LOCAL_FAL_FPS = fps;
  });
});
afterAll(async () => {
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('example graphs on the npm-shipped ffmpeg only', () => {
  // Also guards the project config: without its env, the npm-ffmpeg project would quietly use the system ffmpeg.
  it('resolves the npm-shipped binaries and starts the built-in engine', () => {
    expect(ffmpegBinary()).toBe(shippedBinary('ffmpeg'));
    expect(ffprobeBinary()).toBe(shippedBinary('ffprobe'));
    expect(server.localFal).toBeDefined();
  });

  it.each(files)('%s runs to completion with playable MP4 outputs', async (file) => {
    const graph = JSON.parse(readFileSync(join(examples, file), 'utf8')) as Graph;
    const start = await api<RunDetail>(server.url, '/api/runs', { json: { graph } });
    expect(start.status, JSON.stringify(start.body)).toBe(201);
    const done = await waitRun(server.url, start.body.id);
    expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
    const outputs = Object.values(done.outputs);
    expect(outputs.length).toBeGreaterThan(0);
    for (const url of outputs.filter((u) => u.endsWith('.mp4'))) {
      const info = await probe(join(dataDir, url));
      expect(info.codec).toBe('h264');
      expect(info.duration).toBeGreaterThan(0.5);
    }
  });
});
