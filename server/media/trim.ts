import { runFfmpeg } from './ffmpeg.ts';
import { h264Output } from './h264.ts';
import { videoInfo } from './video-info.ts';

export interface TrimOptions {
  start?: number;
  /** Seconds; undefined keeps everything after `start`. */
  end?: number;
}

/**
 * Keeps `[start, end)` of `file`. Re-encodes rather than stream-copying: a copy can only cut at keyframes, which would
 * shift the cut by up to a GOP (seconds) and break duration arithmetic downstream.
 */
export async function trim(file: string, opts: TrimOptions, outFile: string): Promise<string> {
  const info = await videoInfo(file);
  const start = Math.max(0, opts.start ?? 0);
  const end = Math.min(opts.end ?? info.duration, info.duration);
  if (start >= info.duration)
    throw new Error(`trim start ${start}s is past the end of the clip (${info.duration.toFixed(2)}s)`);
  if (end <= start) throw new Error(`trim end ${end}s must be after start ${start}s`);
  const audio = info.hasAudio ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', '160k'] : [];
  await runFfmpeg(
    ['-ss', String(start), '-i', file, '-t', String(end - start), '-map', '0:v:0', ...audio, ...h264Output, outFile],
    600_000,
  );
  return outFile;
}
