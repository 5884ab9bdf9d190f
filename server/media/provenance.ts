import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { probe, runFfmpeg } from './ffmpeg.ts';

/** What made an output file: enough to reopen the graph and account for the run. */
export interface Provenance {
  graph: unknown;
  runId: string;
  requestIds: string[];
  cost: number;
  /** Who made it: `fal` (Pika on fal.ai) or `local` (a free preview by the built-in engine). Absent in older files. */
  engine?: 'fal' | 'local';
}

/** Prefix of a compressed tag; a plain tag is the bare compact JSON, so `ffprobe` shows it readably. */
const GZIP = 'pikaflow-gz:';
/**
 * The tag is passed as one ffmpeg argument and Linux caps a single argv string at 128 KiB (MAX_ARG_STRLEN); graphs of a
 * few hundred nodes can exceed that as JSON, so large payloads are gzipped and base64'd (graph JSON compresses ~10×).
 */
const PLAIN_MAX = 96 * 1024;

export const sidecarPath = (mp4File: string) => `${mp4File}.json`;

export function encodeProvenance(p: Provenance): string {
  const json = JSON.stringify(p);
  if (Buffer.byteLength(json) <= PLAIN_MAX) return json;
  return GZIP + gzipSync(json, { level: 9 }).toString('base64');
}

export function decodeProvenance(tag: string | undefined): Provenance | undefined {
  try {
    if (!tag) return undefined;
    const json = tag.startsWith(GZIP) ? gunzipSync(Buffer.from(tag.slice(GZIP.length), 'base64')).toString() : tag;
    const p = JSON.parse(json) as Partial<Provenance>;
    // Someone else's comment that happens to be JSON is not ours.
    if (typeof p.runId === 'string' && 'graph' in p) return p as Provenance;
  } catch {
    // A damaged tag is as good as none: the sidecar is the fallback.
  }
  return undefined;
}

/**
 * Stores provenance in the MP4's `comment` tag (MP4 `©cmt`, which ffprobe reports as `format.tags.comment`) and in a
 * JSON sidecar beside it. Streams are copied, never re-encoded; the file is replaced atomically so a reader never sees
 * a half-written MP4.
 */
export async function writeProvenance(mp4File: string, p: Provenance): Promise<void> {
  const tmp = `${mp4File}.prov-${process.pid}-${Date.now()}.mp4`;
  try {
    await runFfmpeg([
      '-i',
      mp4File,
      '-map',
      '0',
      '-map_metadata',
      '0',
      '-c',
      'copy',
      '-metadata',
      `comment=${encodeProvenance(p)}`,
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      tmp,
    ]);
    renameSync(tmp, mp4File);
  } finally {
    rmSync(tmp, { force: true });
  }
  writeFileSync(sidecarPath(mp4File), JSON.stringify(p, null, 2));
}

/** Provenance of an MP4 from its tag, else from its sidecar; undefined when neither carries any. */
export async function readProvenance(mp4File: string): Promise<Provenance | undefined> {
  const fromTag = decodeProvenance((await probe(mp4File).catch(() => undefined))?.tags.comment);
  if (fromTag) return fromTag;
  const sidecar = sidecarPath(mp4File);
  if (!existsSync(sidecar)) return undefined;
  try {
    return JSON.parse(readFileSync(sidecar, 'utf8')) as Provenance;
  } catch {
    return undefined;
  }
}
