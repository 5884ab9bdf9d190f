import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, runFfmpeg } from '../../server/media/ffmpeg.ts';
import { readProvenance, sidecarPath, writeProvenance, type Provenance } from '../../server/media/provenance.ts';
import { frameStats, tempDir, testsrc } from './clips.ts';

const tmp = tempDir();
let src: string;

function graphOf(nodes: number) {
  return {
    nodes: Array.from({ length: nodes }, (_, i) => ({
      id: `n${i}`,
      type: 'image-to-video',
      position: { x: i * 10, y: 0 },
      params: { prompt: `shot ${i}: a fox runs = ; # \\ "quoted" through snow, é ✓\nsecond line`, seed: i },
    })),
    edges: Array.from({ length: nodes - 1 }, (_, i) => ({ from: `n${i}`, to: `n${i + 1}` })),
  };
}

const prov = (nodes: number): Provenance => ({
  graph: graphOf(nodes),
  runId: 'run_123',
  requestIds: ['req-a', 'req-b'],
  cost: 1.25,
});

beforeAll(async () => {
  src = await testsrc(tmp.file('src.mp4'), { w: 160, h: 120, fps: 24, seconds: 0.5 });
});
afterAll(() => tmp.cleanup());

describe('provenance', () => {
  it('round-trips through the MP4 tag alone, leaving the video intact', async () => {
    const f = tmp.file('small.mp4');
    copyFileSync(src, f);
    await writeProvenance(f, prov(3));
    expect(JSON.parse(readFileSync(sidecarPath(f), 'utf8'))).toEqual(prov(3));
    rmSync(sidecarPath(f));
    expect(await readProvenance(f)).toEqual(prov(3));
    expect(JSON.parse((await probe(f)).tags.comment)).toEqual(prov(3)); // plain compact JSON, readable by any tool
    expect((await frameStats(f)).frames).toBe((await frameStats(src)).frames);
  });

  it('keeps a graph of a few hundred nodes (past the argv limit) in the tag', async () => {
    const f = tmp.file('big.mp4');
    copyFileSync(src, f);
    const big = prov(800);
    expect(JSON.stringify(big).length).toBeGreaterThan(128 * 1024);
    await writeProvenance(f, big);
    rmSync(sidecarPath(f));
    expect(await readProvenance(f)).toEqual(big);
  });

  it('falls back to the sidecar when the tag is gone, and is undefined with neither', async () => {
    const f = tmp.file('tagged.mp4');
    copyFileSync(src, f);
    await writeProvenance(f, prov(2));
    const stripped = tmp.file('stripped.mp4');
    await runFfmpeg(['-i', f, '-map', '0', '-map_metadata', '-1', '-c', 'copy', stripped]);
    expect((await probe(stripped)).tags.comment).toBeUndefined();
    expect(await readProvenance(stripped)).toBeUndefined();
    copyFileSync(sidecarPath(f), sidecarPath(stripped));
    expect(await readProvenance(stripped)).toEqual(prov(2));
    expect(existsSync(sidecarPath(stripped))).toBe(true);
  });
});
