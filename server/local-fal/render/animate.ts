import { join } from 'node:path';
import { probe, runFfmpeg } from '../../media/ffmpeg.ts';
import {
  type Body,
  type RenderContext,
  cover,
  encodeArgs,
  frameSize,
  nearestAspect,
  rng,
  seededBackground,
  str,
  textFilter,
} from './common.ts';

/** Text → video, image → video and pikaffects: one picture source, animated, with what was asked drawn on it. */

const seconds = (b: Body) => Number(b.duration ?? 5);

/** A footer naming the engine, so nobody mistakes a local preview for a generated video. */
export function footer(ctx: RenderContext, label: string, w: number, h: number) {
  return textFilter(ctx, 'footer', `local preview · ${label}`, {
    w,
    size: Math.round(h / 36),
    y: `h-th-${Math.round(h / 30)}`,
    box: true,
  });
}

export async function textToVideo(ctx: RenderContext, b: Body, seed: number, label: string): Promise<string> {
  const { w, h } = frameSize(b.aspect_ratio, b.resolution);
  const d = seconds(b);
  const title = await textFilter(ctx, 'prompt', str(b.prompt), {
    w,
    size: Math.round(Math.min(w, h) / 14),
    y: '(h-th)/2',
  });
  const foot = await footer(ctx, `${label} · seed ${seed}`, w, h);
  const out = join(ctx.dir, 'out.mp4');
  ctx.log(`rendering ${w}x${h}, ${d} s`);
  await runFfmpeg([
    '-f',
    'lavfi',
    '-i',
    seededBackground(seed, w, h, ctx.fps, d),
    '-vf',
    `${title},${foot}`,
    '-t',
    String(d),
    ...encodeArgs(out, ctx.fps),
  ]);
  return out;
}

/** The input image as a still stream, and the frame size Pika would pick for it (its own aspect, snapped). */
async function imageInput(ctx: RenderContext, url: string, resolution: unknown, d: number) {
  const path = await ctx.store.fetchInput(url, join(ctx.dir, 'input-image'), ctx.fetchTimeoutMs);
  const info = await probe(path);
  const size = frameSize(nearestAspect(info.width, info.height), resolution);
  return { args: ['-loop', '1', '-framerate', String(ctx.fps), '-t', String(d), '-i', path], ...size };
}

export async function imageToVideo(ctx: RenderContext, b: Body, seed: number, label: string): Promise<string> {
  const d = seconds(b);
  const img = await imageInput(ctx, str(b.image_url), b.resolution, d);
  const { w, h } = img;
  // Pan across a slightly enlarged picture; the seed picks the direction so re-rolls visibly differ.
  const r = rng(seed);
  const [sx, sy] = [r() < 0.5 ? `t/${d}` : `(1-t/${d})`, r() < 0.5 ? `t/${d}` : `(1-t/${d})`];
  const zoom = `scale=${Math.round((w * 1.25) / 2) * 2}:${Math.round((h * 1.25) / 2) * 2}:force_original_aspect_ratio=increase,crop=${w}:${h}:x='(iw-ow)*${sx}':y='(ih-oh)*${sy}',setsar=1`;
  const title = await textFilter(ctx, 'prompt', str(b.prompt), { w, size: Math.round(Math.min(w, h) / 20), y: `h/12` });
  const foot = await footer(ctx, `${label} · seed ${seed}`, w, h);
  const out = join(ctx.dir, 'out.mp4');
  ctx.log(`animating the image at ${w}x${h}, ${d} s`);
  await runFfmpeg([...img.args, '-vf', `${zoom},${title},${foot}`, '-t', String(d), ...encodeArgs(out, ctx.fps)]);
  return out;
}

/** One visibly different look per effect (cheap ffmpeg filters, some moving with t). */
function effectFilter(effect: string, w: number, h: number, d: number): string {
  const half = (n: number) => Math.round(n / 4) * 2;
  const map: Record<string, string> = {
    'Cake-ify': 'hue=h=t*90:s=1.6',
    Crumble: 'noise=alls=70:allf=t+u',
    Crush: `scale=${w}:${half(h)},pad=${w}:${h}:0:${h - half(h)}:black`,
    Decapitate: `crop=${w}:${half(h) * 1.4}:0:'${h - half(h) * 1.4}*t/${d}',scale=${w}:${h}`,
    Deflate: `scale=${half(w)}:${half(h)},pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:gray`,
    Dissolve: `noise=alls=50:allf=t,fade=t=out:st=0:d=${d}`,
    Explode: `rotate=angle=t*2:fillcolor=orange,eq=brightness=0.15:contrast=1.5`,
    'Eye-pop': 'eq=saturation=3:contrast=1.4',
    Inflate: `scale=${Math.round(w * 0.8) * 2}:${Math.round(h * 0.8) * 2},crop=${w}:${h}`,
    Levitate: `pad=${w}:${Math.round(h * 0.65) * 2}:0:${Math.round(h * 0.3)}:black,crop=${w}:${h}:0:'${Math.round(h * 0.3)}*t/${d}'`,
    Melt: 'gblur=sigma=2:sigmaV=30,hue=s=0.6',
    Peel: `rotate=angle='0.4*sin(t*2)':fillcolor=white`,
    Poke: 'lenscorrection=k1=0.6:k2=0.3,vignette=PI/3',
    Squish: `scale=${half(w)}:${h},pad=${w}:${h}:(ow-iw)/2:0:black`,
    'Ta-da': 'negate',
    Tear: 'edgedetect=mode=colormix',
  };
  return map[effect] ?? 'null';
}

export async function pikaffect(ctx: RenderContext, b: Body, seed: number, label: string): Promise<string> {
  const d = 5;
  const img = await imageInput(ctx, str(b.image_url), '720p', d);
  const { w, h } = img;
  const effect = str(b.pikaffect);
  const title = await textFilter(ctx, 'prompt', `${effect}${b.prompt ? ` · ${str(b.prompt)}` : ''}`, {
    w,
    size: Math.round(h / 16),
    y: 'h/12',
  });
  const foot = await footer(ctx, `${label} · seed ${seed}`, w, h);
  const out = join(ctx.dir, 'out.mp4');
  ctx.log(`applying ${effect} at ${w}x${h}`);
  await runFfmpeg([
    ...img.args,
    '-vf',
    `${cover(w, h)},${effectFilter(effect, w, h, d)},setsar=1,${title},${foot}`,
    '-t',
    String(d),
    ...encodeArgs(out, ctx.fps),
  ]);
  return out;
}
