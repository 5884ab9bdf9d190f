import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ffmpegBinary, runFfmpeg, runFfprobe } from '../../server/media/ffmpeg.ts';

/** Test clips made with lavfi, each with known size, rate and frame count, in a throwaway folder. */
const pexec = promisify(execFile);
const fast = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pikaflow-media-'));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** testsrc2 (a moving pattern: every frame differs), optionally with a sine audio track. */
export async function testsrc(out: string, o: { w: number; h: number; fps: number; seconds: number; audio?: boolean }) {
  const audio = o.audio ? ['-f', 'lavfi', '-i', `sine=d=${o.seconds}`, '-c:a', 'aac', '-shortest'] : [];
  await runFfmpeg(['-f', 'lavfi', '-i', `testsrc2=s=${o.w}x${o.h}:r=${o.fps}:d=${o.seconds}`, ...audio, ...fast, out]);
  return out;
}

export async function solid(out: string, o: { color: string; w: number; h: number; fps: number; seconds: number }) {
  await runFfmpeg(['-f', 'lavfi', '-i', `color=c=${o.color}:s=${o.w}x${o.h}:r=${o.fps}:d=${o.seconds}`, ...fast, out]);
  return out;
}

/**
 * One green frame, `middle` testsrc2 frames, one blue frame: first and last frames are unmistakable. Encoded with
 * B-frames and a GOP that does not divide the length, the case where end-seeking tricks land on the wrong frame.
 */
export async function markedClip(out: string, middle: number, fps = 24) {
  const s = '320x240';
  const graph =
    `color=c=0x00ff00:s=${s}:r=${fps},trim=end_frame=1[g];` +
    `testsrc2=s=${s}:r=${fps},trim=end_frame=${middle}[t];` +
    `color=c=0x0000ff:s=${s}:r=${fps},trim=end_frame=1[b];` +
    `[g][t][b]concat=n=3:v=1:a=0,format=yuv420p[out]`;
  await runFfmpeg([
    '-filter_complex',
    graph,
    '-map',
    '[out]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-g',
    '7',
    '-bf',
    '3',
    out,
  ]);
  return out;
}

/** Decoded frame count and video-stream duration, read independently of the code under test. */
export async function frameStats(
  file: string,
): Promise<{ frames: number; duration: number; width: number; height: number }> {
  const out = await runFfprobe([
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=nb_read_frames,duration,width,height',
    '-of',
    'json',
    file,
  ]);
  const s = (JSON.parse(out) as { streams: Record<string, string | number>[] }).streams[0];
  return {
    frames: Number(s.nb_read_frames),
    duration: Number(s.duration),
    width: Number(s.width),
    height: Number(s.height),
  };
}

/** RGB24 pixels of an image or of frame `index` of a video, at its own size. */
export async function rgb(file: string, index = 0): Promise<Buffer> {
  const { stdout } = await pexec(
    ffmpegBinary(),
    [
      '-v',
      'error',
      '-i',
      file,
      '-vf',
      `select='eq(n,${index})'`,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/** Mean [r, g, b] over a pixel buffer, or over the columns [x0, x1) of a `width`-wide image. */
export function meanColor(px: Buffer, width?: number, x0 = 0, x1 = width ?? 0): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < px.length; i += 3) {
    const x = width ? (i / 3) % width : 0;
    if (width && (x < x0 || x >= x1)) continue;
    sum[0] += px[i];
    sum[1] += px[i + 1];
    sum[2] += px[i + 2];
    n++;
  }
  return sum.map((v) => v / n) as [number, number, number];
}

/** Largest per-channel difference between two same-sized pixel buffers. */
export function maxDiff(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Mean absolute per-channel difference: robust to re-encoding noise where `maxDiff` is not. */
export function meanDiff(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
