import { execFile, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';

/**
 * Where ffmpeg and ffprobe come from: `FFMPEG_PATH` / `FFPROBE_PATH`, else a system binary on PATH (newer, faster),
 * else the static builds shipped inside npm packages, so `npm ci` alone gives a working ffmpeg on a fresh machine.
 */
const require = createRequire(import.meta.url);

function onPath(bin: string): boolean {
  return spawnSync(bin, ['-version'], { stdio: 'ignore' }).status === 0;
}

const PACKAGES = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' } as const;

/** Path of the binary shipped inside the npm package (tests pin it to prove the old build is enough). */
export function shippedBinary(bin: keyof typeof PACKAGES): string {
  return (require(PACKAGES[bin]) as { path: string }).path;
}

function resolveBinary(envVar: string, bin: keyof typeof PACKAGES): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  if (onPath(bin)) return bin;
  try {
    return shippedBinary(bin);
  } catch {
    throw new Error(`${bin} not found: install it, set ${envVar}, or run npm ci (which ships ${PACKAGES[bin]})`);
  }
}

let ffmpegPath: string | undefined;
let ffprobePath: string | undefined;

export function ffmpegBinary(): string {
  return (ffmpegPath ??= resolveBinary('FFMPEG_PATH', 'ffmpeg'));
}
export function ffprobeBinary(): string {
  return (ffprobePath ??= resolveBinary('FFPROBE_PATH', 'ffprobe'));
}

/**
 * ffmpeg runs at a lower CPU priority than the server: on a busy machine a render then takes a little longer instead
 * of starving the event loop (API answers, event streams, keeping a finished job's result). Measured: a burst of ten
 * local renders delayed `node.completed` by 200–340 ms at equal priority, 30–40 ms reniced.
 */
const BACKGROUND_NICE = 10;

function run(bin: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const tail = String(stderr).trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`${bin.split('/').pop()} failed: ${tail || err.message}`));
      } else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
    try {
      if (child.pid) setPriority(child.pid, BACKGROUND_NICE);
    } catch {
      // Not permitted here (some sandboxes): it then runs at normal priority, which only costs responsiveness.
    }
  });
}

/** Runs ffmpeg quietly with the given args (overwrite on). */
export function runFfmpeg(args: string[], timeoutMs = 120_000) {
  return run(ffmpegBinary(), ['-hide_banner', '-loglevel', 'error', '-y', ...args], timeoutMs);
}

export interface ProbeResult {
  duration: number;
  width: number;
  height: number;
  codec: string;
  fps: number;
  tags: Record<string, string>;
}

/** ffprobe of the first video stream and the container. */
export async function probe(file: string): Promise<ProbeResult> {
  const { stdout } = await run(
    ffprobeBinary(),
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-select_streams', 'v:0', file],
    30_000,
  );
  const json = JSON.parse(stdout) as {
    format: { duration?: string; tags?: Record<string, string> };
    streams: { width?: number; height?: number; codec_name?: string; r_frame_rate?: string }[];
  };
  const s = json.streams[0] ?? {};
  const [num, den] = (s.r_frame_rate ?? '0/1').split('/').map(Number);
  return {
    duration: Number(json.format.duration ?? 0),
    width: s.width ?? 0,
    height: s.height ?? 0,
    codec: s.codec_name ?? '',
    fps: den ? num / den : 0,
    tags: json.format.tags ?? {},
  };
}

/** Runs ffprobe with the given args and returns its stdout (for queries `probe` does not cover, e.g. frame counts). */
export async function runFfprobe(args: string[], timeoutMs = 60_000): Promise<string> {
  return (await run(ffprobeBinary(), ['-v', 'error', ...args], timeoutMs)).stdout;
}

const filterCache = new Map<string, Promise<boolean>>();
/** Whether the resolved ffmpeg has a filter (the npm-shipped 2018 static build lacks newer ones such as xfade). */
export function ffmpegHasFilter(name: string): Promise<boolean> {
  let known = filterCache.get(name);
  if (!known) {
    known = runFfmpeg(['-filters']).then(
      ({ stdout }) => stdout.split('\n').some((line) => line.trim().split(/\s+/)[1] === name),
      () => false,
    );
    filterCache.set(name, known);
  }
  return known;
}
