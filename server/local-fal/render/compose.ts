import { join } from 'node:path';
import { probe, runFfmpeg } from '../../media/ffmpeg.ts';
import { footer } from './animate.ts';
import { keyframeFades } from './keyframe-fades.ts';
import {
  type Body,
  type RenderContext,
  cover,
  encodeArgs,
  frameSize,
  nearestAspect,
  seededBackground,
  str,
  textFilter,
} from './common.ts';

/** Multi-image endpoints: keyframes cross-fade through their images; pikascenes / collection lay them out together. */

async function fetchAll(ctx: RenderContext, urls: string[]): Promise<string[]> {
  return Promise.all(urls.map((u, i) => ctx.store.fetchInput(u, join(ctx.dir, `input-${i}`), ctx.fetchTimeoutMs)));
}

/** Each transition lasts its own duration: the image holds for 40 % of it, then fades into the next. */
export async function keyframes(ctx: RenderContext, b: Body, seed: number, label: string): Promise<string> {
  const urls = (b.image_urls as string[]) ?? [];
  const given = (b.transitions as { duration?: number; prompt?: string }[] | undefined) ?? [];
  const trans = Array.from({ length: urls.length - 1 }, (_, i) => ({
    duration: given[i]?.duration ?? 5,
    prompt: given[i]?.prompt,
  }));
  const total = trans.reduce((s, t) => s + t.duration, 0);
  const paths = await fetchAll(ctx, urls);
  const first = await probe(paths[0]);
  const { w, h } = frameSize(nearestAspect(first.width, first.height), b.resolution);
  const inputs: string[] = [];
  const chains: string[] = [];
  let start = 0;
  const offsets = trans.map((t) => {
    const o = start + t.duration * 0.4;
    start += t.duration;
    return o;
  });
  paths.forEach((p, i) => {
    // Every input lasts the whole clip (the output -t cuts): a last input shorter than the others made ffmpeg 5.1's
    // xfade chain wait forever for frames that never came.
    inputs.push('-loop', '1', '-framerate', String(ctx.fps), '-t', total.toFixed(3), '-i', p);
    chains.push(`[${i}:v]${cover(w, h)},fps=${ctx.fps},format=yuv420p,settb=AVTB[v${i}]`);
  });
  chains.push(...(await keyframeFades(trans.map((t, i) => ({ offset: offsets[i], duration: t.duration * 0.6 })))));
  // Each transition's own prompt shows during its segment; the global prompt stays on top.
  const texts: string[] = [];
  let at = 0;
  for (const [i, t] of trans.entries()) {
    if (t.prompt)
      texts.push(
        `${await textFilter(ctx, `t${i}`, t.prompt, { w, size: Math.round(h / 22), y: 'h*0.7' })}:enable='between(t,${at},${at + t.duration})'`,
      );
    at += t.duration;
  }
  if (b.prompt) texts.push(await textFilter(ctx, 'prompt', str(b.prompt), { w, size: Math.round(h / 18), y: 'h/12' }));
  texts.push(await footer(ctx, `${label} · ${urls.length} keyframes · seed ${seed}`, w, h));
  chains.push(`[faded]${texts.join(',')}[out]`);
  const out = join(ctx.dir, 'out.mp4');
  ctx.log(`cross-fading ${urls.length} keyframes over ${total} s at ${w}x${h}`);
  await runFfmpeg([
    ...inputs,
    '-filter_complex',
    chains.join(';'),
    '-map',
    '[out]',
    '-t',
    String(total),
    ...encodeArgs(out, ctx.fps),
  ]);
  return out;
}

/** The images of a scene, in a grid over seeded moving colour, each bobbing a little; the prompt underneath. */
export async function scenes(ctx: RenderContext, b: Body, seed: number, label: string): Promise<string> {
  const urls =
    (b.image_urls as string[] | undefined) ??
    ((b.images as { image_url: string }[] | undefined) ?? []).map((x) => x.image_url);
  const { w, h } = frameSize(b.aspect_ratio, b.resolution);
  const d = Number(b.duration ?? 5);
  const paths = await fetchAll(ctx, urls);
  const cols = urls.length <= 3 ? urls.length : Math.ceil(urls.length / 2);
  const rows = Math.ceil(urls.length / cols);
  const cw = Math.floor((w * 0.9) / cols / 2) * 2;
  const chh = Math.floor((h * 0.62) / rows / 2) * 2;
  const inputs = ['-f', 'lavfi', '-i', seededBackground(seed, w, h, ctx.fps, d)];
  const chains: string[] = [];
  let last = '0:v';
  paths.forEach((p, i) => {
    inputs.push('-loop', '1', '-framerate', String(ctx.fps), '-t', String(d), '-i', p);
    const cx = Math.round(w * 0.05 + (i % cols) * cw + cw / 2);
    const cy = Math.round(h * 0.12 + Math.floor(i / cols) * chh + chh / 2);
    chains.push(`[${i + 1}:v]scale=${cw - 16}:${chh - 16}:force_original_aspect_ratio=decrease,setsar=1[i${i}]`);
    chains.push(`[${last}][i${i}]overlay=x='${cx}-w/2':y='${cy}-h/2+${Math.round(h / 60)}*sin(t*2+${i})'[o${i}]`);
    last = `o${i}`;
  });
  const mode = b.ingredients_mode ? ` (${str(b.ingredients_mode)})` : '';
  const title = await textFilter(ctx, 'prompt', str(b.prompt) + mode, {
    w,
    size: Math.round(Math.min(w, h) / 22),
    y: 'h*0.8',
  });
  const foot = await footer(ctx, `${label} · ${urls.length} images · seed ${seed}`, w, h);
  chains.push(`[${last}]${title},${foot}[out]`);
  const out = join(ctx.dir, 'out.mp4');
  ctx.log(`composing ${urls.length} images at ${w}x${h}, ${d} s`);
  await runFfmpeg([
    ...inputs,
    '-filter_complex',
    chains.join(';'),
    '-map',
    '[out]',
    '-t',
    String(d),
    ...encodeArgs(out, ctx.fps),
  ]);
  return out;
}
