import { blendChain } from './crossfade-blend.ts';
import { ffmpegHasFilter, runFfmpeg } from './ffmpeg.ts';
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

/** Frames a clip has after `fps=<fps>` resampling (the filter keeps the timeline, so duration × rate, rounded). */
const framesAt = (info: VideoInfo, fps: number) => Math.max(1, Math.round(info.duration * fps));

/**
 * Cross-fade length in whole frames, so the output length is exact: sum of frames minus one fade per join. A middle
 * clip takes part in two fades, so each fade gets at most half of the shortest clip; 2 frames is the shortest xfade
 * that blends at all.
 */
export function crossfadeFrames(crossfade: number, frames: number[], fps: number): number {
  if (crossfade <= 0 || frames.length < 2) return 0;
  const shortest = Math.min(...frames);
  const limit = frames.length > 2 ? Math.floor(shortest / 2) : shortest - 1;
  const m = Math.min(Math.max(2, Math.round(crossfade * fps)), limit);
  return m >= 2 ? m : 0;
}

/**
 * xfade chain in frame units. xfade puts the second clip at `offset` and ends the blend at the first frame more than
 * `duration` past it; when the first input hits EOF inside the blend it leaves a timestamp gap (a duplicated frame in
 * the MP4). So the first input is padded with clones it never reaches, `offset = length - m` and
 * `duration = m - 1.5` frames make the blend end exactly on the first clip's last real frame: m frames overlap.
 */
function xfadeChain(frames: number[], m: number, fps: number): string[] {
  const parts: string[] = [];
  const sec = (f: number) => (f / fps).toFixed(6);
  let length = frames[0];
  let prev = 'v0';
  for (let i = 1; i < frames.length; i++) {
    const offset = length - m;
    const out = i === frames.length - 1 ? 'out' : `x${i}`;
    parts.push(
      `[${prev}]tpad=stop_mode=clone:stop_duration=1[p${i}];` +
        `[p${i}][v${i}]xfade=transition=fade:duration=${sec(m - 1)}:offset=${sec(offset - 0.5)}[${out}]`,
    );
    length = offset + frames[i];
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
  const frames = infos.map((x) => framesAt(x, fps));
  const m = crossfadeFrames(opts.crossfade ?? 0, frames, fps);

  const graph = files.map((_, i) => normalise(i, w, h, fps));
  if (files.length === 1) graph.push('[v0]null[out]');
  else if (m > 0) graph.push(...((await ffmpegHasFilter('xfade')) ? xfadeChain : blendChain)(frames, m, fps));
  else graph.push(`${files.map((_, i) => `[v${i}]`).join('')}concat=n=${files.length}:v=1:a=0[out]`);

  await runFfmpeg(
    [
      ...files.flatMap((f) => ['-i', f]),
      '-filter_complex',
      graph.join(';'),
      '-map',
      '[out]',
      '-an',
      ...h264Output,
      outFile,
    ],
    600_000,
  );
  return outFile;
}
