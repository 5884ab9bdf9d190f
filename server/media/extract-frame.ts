import { existsSync, rmSync, statSync } from 'node:fs';
import { runFfmpeg } from './ffmpeg.ts';
import { countFrames, videoInfo } from './video-info.ts';

export interface ExtractFrameOptions {
  at: 'first' | 'last' | 'time';
  /** Seconds; used when `at` is 'time'. */
  time?: number;
}

function produced(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

/** PNG of frame number `index` (0-based), chosen by decoded-frame index so it cannot land on a neighbour. */
async function frameByIndex(videoFile: string, index: number, outFile: string): Promise<void> {
  await runFfmpeg([
    '-i',
    videoFile,
    '-map',
    '0:v:0',
    '-vf',
    `select='eq(n,${index})'`,
    '-frames:v',
    '1',
    '-update',
    '1',
    outFile,
  ]);
  if (!produced(outFile)) throw new Error(`could not extract frame ${index} of ${videoFile}`);
}

/**
 * The clip's true last frame. `-sseof` seeks to a keyframe near the end and can stop one frame short, so instead the
 * frames are counted by decoding and the last index is selected.
 */
async function lastFrame(videoFile: string, outFile: string): Promise<void> {
  const n = await countFrames(videoFile);
  await frameByIndex(videoFile, n - 1, outFile);
}

/** Writes one frame of `videoFile` as a PNG to `outFile` and returns `outFile`. */
export async function extractFrame(videoFile: string, opts: ExtractFrameOptions, outFile: string): Promise<string> {
  // "Did ffmpeg write a frame?" is judged by the file existing, so a stale one must not answer for it.
  rmSync(outFile, { force: true });
  if (opts.at === 'first') {
    await runFfmpeg(['-i', videoFile, '-map', '0:v:0', '-frames:v', '1', '-update', '1', outFile]);
    if (!produced(outFile)) throw new Error(`could not extract the first frame of ${videoFile}`);
  } else if (opts.at === 'last') {
    await lastFrame(videoFile, outFile);
  } else {
    const time = Math.max(0, opts.time ?? 0);
    const info = await videoInfo(videoFile);
    // At or past the last frame's start there is nothing to seek to: a time past the end means "the end".
    if (time >= info.duration - 1 / info.fps) {
      await lastFrame(videoFile, outFile);
    } else {
      // Input seeking decodes from the previous keyframe and discards up to `time`, so it is frame-accurate.
      await runFfmpeg([
        '-ss',
        String(time),
        '-i',
        videoFile,
        '-map',
        '0:v:0',
        '-frames:v',
        '1',
        '-update',
        '1',
        outFile,
      ]);
      if (!produced(outFile)) await lastFrame(videoFile, outFile);
    }
  }
  return outFile;
}
