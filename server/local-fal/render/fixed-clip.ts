import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from '../../media/ffmpeg.ts';
import type { Body } from './common.ts';
import { encodeArgs } from './common.ts';
import type { Rendered } from './index.ts';

/**
 * `render: 'fixed'` (LOCAL_FAL_RENDER=fixed): every request answers with one tiny clip rendered once, so a benchmark
 * measures the queue and its callers, not ffmpeg competing for the CPU. With the queue delay at 0 each job then takes
 * exactly the run time. Still a valid H.264 MP4 (1 s, 64×36, 4 fps), so the caller keeps and probes it as usual.
 */
export class FixedClip {
  private clip?: Promise<string>;

  constructor(private root: string) {}

  render(_endpoint: string, body: Body, log: (m: string) => void): Promise<Rendered> {
    const seed = typeof body.seed === 'number' ? body.seed : randomInt(0, 2 ** 31);
    if (!this.clip) {
      const made = this.make();
      this.clip = made;
      made.catch(() => (this.clip = undefined));
    }
    log('fixed render: the same pre-made clip for every request');
    return this.clip.then((path) => ({ path, seed }));
  }

  private async make(): Promise<string> {
    await mkdir(this.root, { recursive: true });
    const out = join(this.root, 'fixed.mp4');
    await runFfmpeg(['-f', 'lavfi', '-i', 'color=c=0x336699:s=64x36:r=4:d=1', '-t', '1', ...encodeArgs(out, 4)]);
    return out;
  }
}
