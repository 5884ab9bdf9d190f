import { runFfprobe } from './ffmpeg.ts';

/** The facts about a clip's first video stream that the media steps need beyond `probe`. */
export interface VideoInfo {
  width: number;
  height: number;
  fps: number;
  /** Seconds of the video stream itself (not the container, whose audio may run longer). */
  duration: number;
  hasAudio: boolean;
}

interface RawStream {
  codec_type?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  duration?: string;
  nb_read_frames?: string;
}

function rate(r: string | undefined): number {
  const [num, den] = (r ?? '0/1').split('/').map(Number);
  return den ? num / den : 0;
}

export async function videoInfo(file: string): Promise<VideoInfo> {
  const out = await runFfprobe(['-print_format', 'json', '-show_format', '-show_streams', file]);
  const json = JSON.parse(out) as { format?: { duration?: string }; streams?: RawStream[] };
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video');
  if (!v) throw new Error(`no video stream in ${file}`);
  // Stream duration is N/A in some containers (webm, mkv): fall back to the container's.
  const duration = Number(v.duration ?? NaN);
  return {
    width: v.width ?? 0,
    height: v.height ?? 0,
    fps: rate(v.r_frame_rate) || rate(v.avg_frame_rate) || 24,
    duration: Number.isFinite(duration) && duration > 0 ? duration : Number(json.format?.duration ?? 0),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
}

/**
 * Number of frames a decoder actually yields. Header counts (`nb_frames`) can disagree with what decodes (edit lists,
 * truncated files), so this decodes the stream: it is what frame-index selection needs to hit the true last frame.
 */
export async function countFrames(file: string): Promise<number> {
  const out = await runFfprobe([
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=nb_read_frames',
    '-of',
    'csv=p=0',
    file,
  ]);
  const n = parseInt(out.trim().split(/[\s,]/)[0], 10);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`no decodable video frames in ${file}`);
  return n;
}
