import { ffmpegHasFilter } from '../../media/ffmpeg.ts';

/** One cross-fade between consecutive keyframes, in seconds of the output timeline. */
export interface Fade {
  offset: number;
  duration: number;
}

/**
 * Filter chains that fade still-image streams [v0], [v1], … (each as long as the whole clip) into one another and end
 * in `[faded]`. xfade when the binary has it; otherwise (the npm-shipped 2018 static ffmpeg has no xfade) the next
 * image's alpha fades in over the fade and it is overlaid. Both inputs are stills on one timeline, so this shows what
 * xfade shows; a per-pixel `blend` expression (concatenation's path) gave the same frames about 25× slower here.
 */
export async function keyframeFades(fades: Fade[]): Promise<string[]> {
  const useXfade = await ffmpegHasFilter('xfade');
  const chains: string[] = [];
  let last = 'v0';
  fades.forEach((f, i) => {
    const out = i === fades.length - 1 ? 'faded' : `x${i}`;
    const [offset, duration] = [f.offset.toFixed(3), f.duration.toFixed(3)];
    const next = `v${i + 1}`;
    if (useXfade) chains.push(`[${last}][${next}]xfade=transition=fade:duration=${duration}:offset=${offset}[${out}]`);
    else {
      chains.push(
        `[${next}]format=yuva420p,fade=t=in:st=${offset}:d=${duration}:alpha=1[a${i}]`,
        `[${last}][a${i}]overlay=shortest=1,format=yuv420p[${out}]`,
      );
    }
    last = out;
  });
  // A single keyframe has nothing to fade into.
  if (fades.length === 0) chains.push('[v0]null[faded]');
  return chains;
}
