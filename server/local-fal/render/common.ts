import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileStore } from '../storage.ts';

/** What every renderer gets: where to write, how to fetch inputs, the clip's frame rate. */
export interface RenderContext {
  dir: string;
  store: FileStore;
  fps: number;
  fetchTimeoutMs: number;
  /** Appends a line to the request's logs (shown as IN_PROGRESS logs). */
  log(message: string): void;
}

export type Body = Record<string, unknown>;

const RATIOS: Record<string, number> = {
  '16:9': 16 / 9,
  '9:16': 9 / 16,
  '1:1': 1,
  '4:5': 4 / 5,
  '5:4': 5 / 4,
  '3:2': 3 / 2,
  '2:3': 2 / 3,
};
const even = (n: number) => Math.round(n / 2) * 2;

/** fal's sizes: the short side is the resolution's height (720p 16:9 = 1280x720, 9:16 = 720x1280). */
export function frameSize(aspect: unknown, resolution: unknown): { w: number; h: number } {
  const short = resolution === '1080p' ? 1080 : resolution === '480p' ? 480 : 720;
  const r = RATIOS[String(aspect)] ?? RATIOS['16:9'];
  return r >= 1 ? { w: even(short * r), h: short } : { w: short, h: even(short / r) };
}

/** Image-driven endpoints have no aspect_ratio: like Pika, follow the input image, snapped to a supported ratio. */
export function nearestAspect(w: number, h: number): string {
  const r = w / Math.max(h, 1);
  let best = '16:9';
  for (const [name, v] of Object.entries(RATIOS))
    if (Math.abs(Math.log(v / r)) < Math.abs(Math.log(RATIOS[best] / r))) best = name;
  return best;
}

/** Deterministic encoder settings: same filter graph in, same bytes out (single thread, bitexact, no metadata). */
export function encodeArgs(out: string, fps: number): string[] {
  return [
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(fps),
    '-threads',
    '1',
    '-fflags',
    '+bitexact',
    '-flags:v',
    '+bitexact',
    '-map_metadata',
    '-1',
    '-movflags',
    '+faststart',
    '-an',
    out,
  ];
}

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const hasFont = existsSync(FONT);

/** Wraps text into lines of at most `width` characters so long prompts stay on screen. */
function wrap(text: string, width: number, maxLines = 4): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (`${line} ${word}`.trim().length > width && line) {
      lines.push(line);
      line = word;
    } else line = `${line} ${word}`.trim();
  }
  if (line) lines.push(line);
  if (lines.length > maxLines)
    lines.splice(
      maxLines - 1,
      lines.length,
      `${lines
        .slice(maxLines - 1)
        .join(' ')
        .slice(0, width - 1)}…`,
    );
  return lines.join('\n');
}

/**
 * A drawtext filter for `text`. The text goes through a file so prompts need no filter-graph escaping; without the
 * DejaVu font drawtext falls back to fontconfig's default.
 */
export async function textFilter(
  ctx: RenderContext,
  name: string,
  text: string,
  o: { w: number; size: number; y: string; x?: string; box?: boolean },
): Promise<string> {
  const file = join(ctx.dir, `${name}.txt`);
  await writeFile(file, wrap(text, Math.max(10, Math.floor((o.w * 1.7) / o.size))));
  const font = hasFont ? `fontfile=${FONT}:` : '';
  const box = o.box === false ? '' : ':box=1:boxcolor=black@0.55:boxborderw=12';
  return `drawtext=${font}textfile=${file}:fontsize=${o.size}:fontcolor=white:line_spacing=6:x=${o.x ?? '(w-tw)/2'}:y=${o.y}${box}`;
}

/** mulberry32: a tiny PRNG so the seed alone fixes the generated imagery. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Moving colour fields from the seed, as a lavfi source. Drawn small with geq and scaled up: cheap, smooth, and
 * bit-for-bit reproducible (ffmpeg's own `gradients` source is not, even with a seed).
 */
export function seededBackground(seed: number, w: number, h: number, fps: number, seconds: number): string {
  const r = rng(seed);
  const k = () => (4 + r() * 20).toFixed(2);
  const s = () => ((r() - 0.5) * 3).toFixed(2);
  const p = () => (r() * 6.28).toFixed(2);
  const sw = 160;
  const sh = Math.max(2, even((sw * h) / w));
  const ch = (a: string) => `'128+127*sin(${a})'`;
  return (
    `nullsrc=s=${sw}x${sh}:r=${fps}:d=${seconds},format=rgb24,` +
    `geq=r=${ch(`X/${k()}+T*${s()}+${p()}`)}:g=${ch(`Y/${k()}+T*${s()}+${p()}`)}:b=${ch(`(X+Y)/${k()}+T*${s()}+${p()}`)},` +
    // Scaling in YUV (not RGB) and bilinear: about a third faster, and smooth fields need nothing better.
    `format=yuv420p,scale=${w}:${h}:flags=bilinear,setsar=1`
  );
}

/** Input filter chain that fits any picture to w×h (cover, centered), square pixels. */
export function cover(w: number, h: number): string {
  return `scale=${w}:${h}:force_original_aspect_ratio=increase,crop=${w}:${h},setsar=1`;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
