import { runFfmpeg } from './ffmpeg.ts';
import { h264Output } from './h264.ts';
import { videoInfo, type VideoInfo } from './video-info.ts';

export interface ConcatenateOptions {
  /** Seconds of cross-fade between consecutive clips; 0 for hard cuts. */
  crossfade?: number;
}


const even = (n: number) => Math.max(2, n - (n % 2));

/**
 * Per-input normalisation to the first clip's geometry and rate. xfade and concat both require identical size, pixel
 * format, frame rate and time base on every input, and Pika clips of different aspect ratios are joined, not rejected.
 */
function normalise(i: number, w: number, h: number, fps: number): string {
  return (
    `[${i}:v:0]scale=${w}:${h}:force_original_aspect_ratio=decrease,` +
    `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps},format=yuv420p,setpts=PTS-STARTPTS,settb=AVTB[v${i}]`
  );
}

/**
 * The largest usable cross-fade: a middle clip takes part in two fades, so each fade gets at most half of the shortest
 * clip (minus a frame); otherwise xfade offsets would run backwards.
 */
export function clampCrossfade(crossfade: number, infos: VideoInfo[], fps: number): number {
  const shortest = Math.min(...infos.map((x) => x.duration));
  const limit = infos.length > 2 ? shortest / 2 - 1 / fps : shortest - 1 / fps;
  return Math.max(0, Math.min(crossfade, limit));
}

/** Cross-fade chain: each xfade's offset is where, in the output so far, the next clip starts fading in. */
function xfadeChain(infos: VideoInfo[], fade: number): string[] {
  const parts: string[] = [];
  let length = infos[0].duration;
  let prev = 'v0';
  for (let i = 1; i < infos.length; i++) {
    const offset = Math.max(0, length - fade);
    const out = i === infos.length - 1 ? 'out' : `x${i}`;
    parts.push(`[${prev}][v${i}]xfade=transition=fade:duration=${fade.toFixed(4)}:offset=${offset.toFixed(4)}[${out}]`);
    length = offset + infos[i].duration;
    prev = out;
  }
  return parts;
}

/**
 * Joins `files` in order into one H.264 MP4 at `outFile`, scaled and padded to the first clip's size and resampled to
 * its frame rate. The output is video-only: Pika clips are silent, and mixing optional audio across inputs (some with,
 * some without) would need silent padding for a feature nobody uses yet.
 */
export async function concatenate(files: string[], opts: ConcatenateOptions, outFile: string): Promise<string> {
  if (files.length === 0) throw new Error('concatenate needs at least one video');
  const infos = await Promise.all(files.map(videoInfo));
  const w = even(infos[0].width);
  const h = even(infos[0].height);
  const fps = Math.round(infos[0].fps * 1000) / 1000;
  const fade = files.length > 1 ? clampCrossfade(opts.crossfade ?? 0, infos, fps) : 0;

  const graph = files.map((_, i) => normalise(i, w, h, fps));
  if (files.length === 1) graph.push('[v0]null[out]');
  else if (fade > 0) graph.push(...xfadeChain(infos, fade));
  else graph.push(`${files.map((_, i) => `[v${i}]`).join('')}concat=n=${files.length}:v=1:a=0[out]`);

  await runFfmpeg(
    [...files.flatMap((f) => ['-i', f]), '-filter_complex', graph.join(';'), '-map', '[out]', '-an', ...h264Output, outFile],
    600_000,
  );
  return outFile;
}
