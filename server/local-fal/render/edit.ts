import { join } from 'node:path';
import { probe, runFfmpeg } from '../../media/ffmpeg.ts';
import { footer } from './animate.ts';
import { type Body, type RenderContext, encodeArgs, rng, str, textFilter } from './common.ts';

/**
 * Pikaswaps and pikadditions: the source video keeps playing, the image is composited into it (drifting, so it
 * reads as "added"), and the region / prompt is written on the frame. A swap without an image fills the region with
 * a seeded colour block instead.
 */
export async function editVideo(
  ctx: RenderContext,
  b: Body,
  seed: number,
  label: string,
  kind: 'swap' | 'add',
): Promise<string> {
  const video = await ctx.store.fetchInput(str(b.video_url), join(ctx.dir, 'input-video'), ctx.fetchTimeoutMs);
  const info = await probe(video);
  // Keep the source's size (even, capped at 1080p's long side) and length (capped at fal's 10 s).
  const scale = Math.min(1, 1920 / Math.max(info.width, info.height, 1));
  const w = Math.max(2, Math.round((info.width * scale) / 2) * 2);
  const h = Math.max(2, Math.round((info.height * scale) / 2) * 2);
  const d = Math.min(10, info.duration > 0 ? info.duration : 5);
  const inputs = ['-i', video];
  const chains = [`[0:v]scale=${w}:${h},setsar=1,fps=${ctx.fps},format=yuv420p[base]`];
  const bw = Math.round(w / 3 / 2) * 2;
  const bh = Math.round(h / 3 / 2) * 2;
  const move = `x='(W-w)/2+W/6*sin(t)':y='(H-h)/2'`;
  if (b.image_url) {
    const img = await ctx.store.fetchInput(str(b.image_url), join(ctx.dir, 'input-image'), ctx.fetchTimeoutMs);
    inputs.push('-loop', '1', '-framerate', String(ctx.fps), '-t', d.toFixed(3), '-i', img);
    chains.push(`[1:v]scale=${bw}:${bh}:force_original_aspect_ratio=decrease,setsar=1[img]`);
    chains.push(`[base][img]overlay=${move}:shortest=1[comp]`);
  } else {
    const r = rng(seed);
    const color = [r(), r(), r()]
      .map((c) =>
        Math.floor(c * 255)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('');
    chains.push(`[base]drawbox=x=(iw-${bw})/2:y=(ih-${bh})/2:w=${bw}:h=${bh}:color=0x${color}@0.85:t=fill[comp]`);
  }
  const region = kind === 'swap' ? `swap ${str(b.modify_region) || 'region'}` : 'add';
  const what = [region, str(b.prompt)].filter(Boolean).join(' → ');
  const title = await textFilter(ctx, 'prompt', what, { w, size: Math.round(Math.min(w, h) / 18), y: 'h/12' });
  const foot = await footer(ctx, `${label} · seed ${seed}`, w, h);
  chains.push(`[comp]${title},${foot}[out]`);
  const out = join(ctx.dir, 'out.mp4');
  ctx.log(`${kind === 'swap' ? 'swapping' : 'adding'} into a ${w}x${h} video of ${d.toFixed(1)} s`);
  await runFfmpeg([
    ...inputs,
    '-filter_complex',
    chains.join(';'),
    '-map',
    '[out]',
    '-t',
    d.toFixed(3),
    ...encodeArgs(out, ctx.fps),
  ]);
  return out;
}
