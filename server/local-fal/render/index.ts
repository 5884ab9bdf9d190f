import { createHash, randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { imageToVideo, pikaffect, textToVideo } from './animate.ts';
import type { Body, RenderContext } from './common.ts';
import { keyframes, scenes } from './compose.ts';
import { editVideo } from './edit.ts';

type RenderFn = (ctx: RenderContext, b: Body, seed: number, label: string) => Promise<string>;

/**
 * The look of each operation, keyed by the last segment of the endpoint id, so every Pika version of text-to-video
 * (v2 turbo, 2.1, 2.2, 2.5) renders the same way; anything not listed falls back to text-to-video.
 */
const BY_OPERATION: Record<string, RenderFn> = {
  'text-to-video': textToVideo,
  'image-to-video': imageToVideo,
  pikaframes: keyframes,
  pikascenes: scenes,
  pikaffects: pikaffect,
  pikaswaps: (ctx, b, seed, label) => editVideo(ctx, b, seed, label, 'swap'),
  pikadditions: (ctx, b, seed, label) => editVideo(ctx, b, seed, label, 'add'),
};

export interface Rendered {
  path: string;
  seed: number;
}

/** What a fake runner needs of a renderer: the ffmpeg Renderer below, or the benchmarks' FixedClip. */
export type ClipMaker = Pick<Renderer, 'render'>;

/**
 * Renders per request, cached by content hash of (endpoint, validated body, seed): the same seed gives the same
 * bytes anyway, so a repeated request (a re-run, a test suite) costs nothing. A body without a seed gets a fresh
 * random one, like fal, and therefore a new video.
 */
export class Renderer {
  private cache = new Map<string, Promise<string>>();

  constructor(
    private root: string,
    private base: Omit<RenderContext, 'dir' | 'log'>,
    private useCache = true,
  ) {}

  async render(endpoint: string, body: Body, log: (m: string) => void): Promise<Rendered> {
    const seed = typeof body.seed === 'number' ? body.seed : randomInt(0, 2 ** 31);
    const key = createHash('sha256')
      .update(JSON.stringify([endpoint, body, seed]))
      .digest('hex')
      .slice(0, 32);
    const op = endpoint.split('/').pop() ?? '';
    const fn = BY_OPERATION[op] ?? textToVideo;
    let job = this.useCache ? this.cache.get(key) : undefined;
    if (job) log('same inputs and seed as an earlier request: reusing its render');
    else {
      const dir = join(this.root, this.useCache ? key : `${key}-${randomInt(0, 2 ** 31)}`);
      job = mkdir(dir, { recursive: true }).then(() => fn({ ...this.base, dir, log }, body, seed, endpoint));
      if (this.useCache) {
        this.cache.set(key, job);
        job.catch(() => this.cache.delete(key));
      }
    }
    return { path: await job, seed };
  }
}
