import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFrame } from '../../server/media/extract-frame.ts';
import { frameStats, markedClip, maxDiff, meanColor, rgb, tempDir } from './clips.ts';

const tmp = tempDir();
let clip: string;
const middle = 40; // 42 frames in all: not a multiple of the GOP (7), with B-frames

beforeAll(async () => {
  clip = await markedClip(tmp.file('marked.mp4'), middle);
});
afterAll(() => tmp.cleanup());

describe('extractFrame', () => {
  it('last gives the true last frame (the blue one), pixel for pixel', async () => {
    const out = await extractFrame(clip, { at: 'last' }, tmp.file('last.png'));
    const px = await rgb(out);
    const [r, g, b] = meanColor(px);
    expect(b).toBeGreaterThan(230);
    expect(r + g).toBeLessThan(20);
    // Same pixels as the frame decoded independently by index N-1.
    const { frames } = await frameStats(clip);
    expect(frames).toBe(middle + 2);
    expect(maxDiff(px, await rgb(clip, frames - 1))).toBe(0);
  });

  it('first gives the first frame (the green one)', async () => {
    const [r, g, b] = meanColor(await rgb(await extractFrame(clip, { at: 'first' }, tmp.file('first.png'))));
    expect(g).toBeGreaterThan(230);
    expect(r + b).toBeLessThan(20);
  });

  it('time gives the frame shown at that time, and a time past the end gives the last frame', async () => {
    const at = await rgb(await extractFrame(clip, { at: 'time', time: 10 / 24 }, tmp.file('t10.png')));
    expect(maxDiff(at, await rgb(clip, 10))).toBe(0);
    const past = await rgb(await extractFrame(clip, { at: 'time', time: 99 }, tmp.file('past.png')));
    expect(meanColor(past)[2]).toBeGreaterThan(230);
  });
});
