import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatenate } from '../../server/media/concatenate.ts';
import { frameStats, meanColor, rgb, solid, tempDir, testsrc } from './clips.ts';

const tmp = tempDir();
const frame = 1 / 24;
let a: string; // 320x240, 24 fps, 1.5 s
let b: string; // 160x240 red, 30 fps, 1 s, with audio
let c: string; // 640x360, 25 fps, 1.2 s

beforeAll(async () => {
  [a, b, c] = await Promise.all([
    testsrc(tmp.file('a.mp4'), { w: 320, h: 240, fps: 24, seconds: 1.5 }),
    solid(tmp.file('b.mp4'), { color: 'red', w: 160, h: 240, fps: 30, seconds: 1 }),
    testsrc(tmp.file('c.mp4'), { w: 640, h: 360, fps: 25, seconds: 1.2, audio: true }),
  ]);
});
afterAll(() => tmp.cleanup());

describe('concatenate', () => {
  it('hard cuts: duration is the sum of the parts, at the first clip size', async () => {
    const out = await concatenate([a, b, c], { crossfade: 0 }, tmp.file('cut.mp4'));
    const s = await frameStats(out);
    expect(Math.abs(s.duration - (1.5 + 1 + 1.2))).toBeLessThanOrEqual(frame + 1e-6);
    expect(Math.abs(s.frames / 24 - (1.5 + 1 + 1.2))).toBeLessThanOrEqual(frame + 1e-6);
    expect([s.width, s.height]).toEqual([320, 240]);
  });

  it('pads a narrower clip to the first size (black pillars, red centre)', async () => {
    const out = await concatenate([a, b], {}, tmp.file('pad.mp4'));
    const px = await rgb(out, 36 + 12); // middle of the red clip
    const [lr, lg, lb] = meanColor(px, 320, 0, 70);
    const [cr, cg, cb] = meanColor(px, 320, 100, 220);
    expect(lr + lg + lb).toBeLessThan(30);
    expect(cr).toBeGreaterThan(200);
    expect(cg + cb).toBeLessThan(40);
  });

  it('cross-fade: duration is the sum minus one fade per join, and the joins blend', async () => {
    const fade = 0.5; // 12 frames at 24 fps
    const out = await concatenate([a, b, c], { crossfade: fade }, tmp.file('fade.mp4'));
    const s = await frameStats(out);
    expect(Math.abs(s.duration - (1.5 + 1 + 1.2 - 2 * fade))).toBeLessThanOrEqual(frame + 1e-6);
    expect(Math.abs(s.frames / 24 - (1.5 + 1 + 1.2 - 2 * fade))).toBeLessThanOrEqual(frame + 1e-6);
    // Halfway through the first fade (frames 24..35) the centre is part testsrc2, part red: neither pure.
    const [r] = meanColor(await rgb(out, 30), 320, 100, 220);
    expect(r).toBeGreaterThan(60);
    expect(r).toBeLessThan(240);
  });

  it('clamps a cross-fade longer than the clips allow instead of failing', async () => {
    const out = await concatenate([a, b], { crossfade: 3 }, tmp.file('long-fade.mp4'));
    const s = await frameStats(out);
    expect(s.frames).toBeGreaterThanOrEqual(36);
    expect(s.frames).toBeLessThan(36 + 24);
  });
});
