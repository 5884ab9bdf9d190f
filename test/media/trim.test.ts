import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfprobe } from '../../server/media/ffmpeg.ts';
import { trim } from '../../server/media/trim.ts';
import { frameStats, meanDiff, rgb, tempDir, testsrc } from './clips.ts';

const tmp = tempDir();
let clip: string; // 2 s at 24 fps, with audio

beforeAll(async () => {
  clip = await testsrc(tmp.file('src.mp4'), { w: 320, h: 240, fps: 24, seconds: 2, audio: true });
});
afterAll(() => tmp.cleanup());

describe('trim', () => {
  it('keeps [start, end) frame-accurately and keeps the audio', async () => {
    const out = await trim(clip, { start: 0.5, end: 1.25 }, tmp.file('mid.mp4'));
    const s = await frameStats(out);
    expect(s.frames).toBe(18); // 0.75 s × 24
    // First kept frame is source frame 12 (0.5 s): closer to it than to either neighbour (re-encoded, so not equal).
    const first = await rgb(out, 0);
    const [d11, d12, d13] = await Promise.all([11, 12, 13].map(async (n) => meanDiff(first, await rgb(clip, n))));
    expect(d12).toBeLessThan(Math.min(d11, d13));
    expect(
      await runFfprobe(['-select_streams', 'a', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', out]),
    ).toContain('audio');
  });

  it('without end keeps the rest', async () => {
    const s = await frameStats(await trim(clip, { start: 1.5 }, tmp.file('tail.mp4')));
    expect(s.frames).toBe(12);
  });

  it('rejects a start past the end', async () => {
    await expect(trim(clip, { start: 5 }, tmp.file('none.mp4'))).rejects.toThrow(/past the end/);
  });
});
