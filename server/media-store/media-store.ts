/**
 * Where kept files live (issue 14: shared media). A kept file is its content, `<sha256>.<ext>`; every process that
 * shares a store (API servers, workers, the CLI) sees the same files under the same references. The first
 * implementation is a directory (MEDIA_DIR, possibly shared between machines); the contract is async and
 * stream-shaped so object storage (S3 and the like) can sit behind it later: `put` takes a stream and learns the hash
 * while writing, `open` takes a byte range (a ranged GET), and `localPath` may download to a scratch file or answer a
 * signed URL ffmpeg can read.
 */
export interface MediaStore {
  /** Where the files are, for messages (`/srv/media`, `s3://bucket/prefix`). */
  readonly where: string;
  /** True once the whole file is there; a write in progress is never reported. */
  has(sha: string, ext: string): Promise<boolean>;
  /**
   * Keeps `body`, named by the sha256 of its bytes, atomically: readers see the whole file or none, concurrent writers
   * of the same content leave one complete file, and a file already kept is not written again.
   */
  put(body: MediaBody, ext: string): Promise<KeptFile>;
  /** Size and type of a kept file, or undefined when it is not there. */
  stat(sha: string, ext: string): Promise<MediaInfo | undefined>;
  /** The file's bytes as a stream (`range`: inclusive byte offsets, for seeking video). */
  open(sha: string, ext: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
  /** The whole file, or a range of it, in memory (small files, or the first bytes for sniffing). */
  read(sha: string, ext: string, range?: ByteRange): Promise<Uint8Array<ArrayBuffer>>;
  /** A path (or URL) ffmpeg can read the file from. */
  localPath(sha: string, ext: string): Promise<string>;
  /** Every kept file (for clean-up and audits); temporary and foreign files are skipped. */
  list(): AsyncIterable<KeptFile>;
}

export type MediaBody = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface KeptFile {
  sha: string;
  ext: string;
  /** `<sha256>.<ext>` */
  file: string;
  /** `/media/<sha256>.<ext>` */
  ref: string;
  size: number;
}

export interface MediaInfo {
  size: number;
  type: string;
}

/** Inclusive byte offsets, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export const SHA = /^[a-f0-9]{64}$/;
export const EXT = /^[a-z0-9]{2,5}$/;
/** `<sha256>.<ext>`: the only names a store holds or serves. */
export const FILE = /^([a-f0-9]{64})\.([a-z0-9]{2,5})$/;

/** `<sha256>.<ext>` split in two, or undefined for any other name. */
export function splitFile(file: string): { sha: string; ext: string } | undefined {
  const m = FILE.exec(file);
  return m ? { sha: m[1], ext: m[2] } : undefined;
}

const TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** The media type a kept file is served and published with (its extension was chosen from its type). */
export const typeOfExt = (ext: string) => TYPES[ext] ?? 'application/octet-stream';

/** Any body as chunks, so an implementation reads streams and buffers the same way. */
export async function* chunksOf(body: MediaBody): AsyncIterable<Uint8Array> {
  if (body instanceof Uint8Array) yield body;
  else if (body instanceof ReadableStream) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else yield* body;
}
