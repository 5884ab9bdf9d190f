import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaExecutors, type LocalExecutorContext } from '../../server/media/executors.ts';
import { mediaNodes } from '../../shared/nodes/media.ts';
import { frameStats, markedClip, meanColor, rgb, tempDir } from './clips.ts';

const tmp = tempDir();
let n = 0;
/** Stands in for the scheduler: "URLs" are already local paths, outputs go to the temp folder. */
const ctx: LocalExecutorContext = {
  fetchToFile: async (url) => url,
  newFile: (ext) => tmp.file(`out-${n++}.${ext}`),
};
let clip: string;

beforeAll(async () => {
  clip = await markedClip(tmp.file('clip.mp4'), 22); // 24 frames: green, 22 testsrc2, blue
});
afterAll(() => tmp.cleanup());

describe('mediaExecutors', () => {
  it('has an executor for every local media node', () => {
    expect(Object.keys(mediaExecutors).sort()).toEqual(mediaNodes.map((d) => d.local).sort());
  });

  it('runs a chain: extract last frame, trim, concatenate (with defaults from the node schemas)', async () => {
    const { image } = await mediaExecutors['extract-frame']({}, { video: [clip] }, ctx); // default at: 'last'
    expect(image).toMatch(/\.png$/);
    expect(meanColor(await rgb(image))[2]).toBeGreaterThan(230);

    const { video: half } = await mediaExecutors.trim({ start: 0, end: 0.5 }, { video: [clip] }, ctx);
    expect((await frameStats(half)).frames).toBe(12);

    const { video } = await mediaExecutors.concatenate({}, { videos: [clip, half] }, ctx);
    expect((await frameStats(video)).frames).toBe(36);
  });

  it('rejects bad params and missing inputs with a clear message', async () => {
    await expect(mediaExecutors.trim({ start: -1 }, { video: [clip] }, ctx)).rejects.toThrow();
    await expect(mediaExecutors.trim({}, {}, ctx)).rejects.toThrow(/input "video"/);
    await expect(mediaExecutors.concatenate({}, { videos: [clip] }, ctx)).rejects.toThrow(/at least 2/);
  });
});
