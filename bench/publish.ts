import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mediaKeeper } from '../server/engine/media-keeper.ts';
import { directoryMediaStore } from '../server/media-store/directory-store.ts';
import { publisher, type EngineTarget } from '../server/engine/publisher.ts';
import { createLocalFalClient, startLocalFal } from '../server/local-fal/index.ts';
import { openStore } from '../server/store/index.ts';
import { benchDir } from './bench-util.ts';
import type { BenchRow } from './table.ts';

const MB = 8;
const ROUNDS = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * What "a file is its content" costs at the moment of use: publishing a kept 8 MB video to an engine the first time
 * (an upload) against every later use (a HEAD check that the published URL still serves it), and after the URL
 * expired (check + upload again). The local engine on loopback stands in for fal storage.
 */
export async function run(): Promise<BenchRow[]> {
  const fal = await startLocalFal({ speed: 50 });
  const dataDir = await benchDir();
  const store = openStore(dataDir);
  try {
    const dir = join(dataDir, 'media');
    const media = mediaKeeper(directoryMediaStore(dir), store.media, { dir });
    const pub = publisher(media, store.published);
    const target: EngineTarget = { kind: 'local', fal: createLocalFalClient(fal), key: 'local:bench' };
    const first: number[] = [];
    const reuse: number[] = [];
    const expired: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const ref = await media.keepBytes(randomBytes(MB * 1024 * 1024), 'video/mp4');
      let t0 = performance.now();
      await pub.publish(ref, target);
      first.push(performance.now() - t0);
      t0 = performance.now();
      await pub.publish(ref, target);
      reuse.push(performance.now() - t0);
      fal.setFaults({ files: { script: [404] } });
      t0 = performance.now();
      await pub.publish(ref, target);
      expired.push(performance.now() - t0);
      fal.setFaults({});
    }
    const up = median(first);
    return [
      {
        bench: 'publish',
        metric: `first use of a kept ${MB} MB file (upload), median`,
        value: up,
        unit: 'ms',
        note: `n=${ROUNDS}`,
      },
      {
        bench: 'publish',
        metric: 'later use (HEAD check, URL reused), median',
        value: median(reuse),
        unit: 'ms',
        note: `${((100 * median(reuse)) / up).toFixed(1)}% of an upload`,
      },
      {
        bench: 'publish',
        metric: 'after the URL expired (404, uploaded again), median',
        value: median(expired),
        unit: 'ms',
        note: `${(median(expired) / up).toFixed(2)}× an upload`,
      },
    ];
  } finally {
    store.close();
    await fal.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
