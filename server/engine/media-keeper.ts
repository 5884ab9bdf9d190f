import type { NodeOutputs } from '../../shared/define-node.ts';
import { isMediaRef, isRemoteUrl, MEDIA_PREFIX, mediaRef, refFile } from '../../shared/media-ref.ts';
import type { ByteRange, MediaStore } from '../media-store/media-store.ts';
import { splitFile } from '../media-store/media-store.ts';
import { safeFetch } from '../net/safe-fetch.ts';
import type { MediaUrls } from '../store/cache-store.ts';

export { MEDIA_PREFIX };

const EXT: Record<string, string> = {
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};
/** Cap on a kept file: fal outputs are a few MB; anything huge is a mistake, not a video. */
const MAX_BYTES = 512 * 1024 ** 2;

/** A reference whose file is not in the data folder (deleted by hand, or a graph from another machine). */
export class MissingMedia extends Error {}

/** `{ sha, ext }` of a reference, or MissingMedia. */
function partsOf(ref: string) {
  const parts = splitFile(refFile(ref) ?? '');
  if (!parts) throw new MissingMedia(`not a kept file: ${ref}`);
  return parts;
}

/**
 * Keeps every file the product touches in the media store (MEDIA_DIR, default DATA_DIR/media), named by the sha256 of
 * its bytes, and hands out references (`/media/<sha256>.<ext>`) instead of URLs: fal's URLs expire and the local
 * engine's port changes, a kept file does not. A URL a file came from is remembered only so it is fetched once (and
 * as provenance). `dir` is the local media folder, which also holds each run's stamped output copies (`runs/`).
 */
export function mediaKeeper(files: MediaStore, urls: MediaUrls, opts: { dir: string; allowOrigins?: string[] }) {
  const has = async (file: string | undefined) => {
    const parts = file && splitFile(file);
    return !!parts && (await files.has(parts.sha, parts.ext));
  };

  const keeper = {
    dir: opts.dir,
    files,
    /** Fetches `url` once (later calls answer from the store) and returns its reference. Public addresses only. */
    async keep(url: string, signal?: AbortSignal): Promise<string> {
      const known = urls.fileFor(url);
      if (known && (await has(known))) return mediaRef(known);
      if (signal?.aborted) throw new Error('aborted');
      const res = await safeFetch(url, { maxBytes: MAX_BYTES, timeoutMs: 120_000, allowOrigins: opts.allowOrigins });
      const type = res.contentType.split(';')[0].trim() || undefined;
      const ext =
        (type && EXT[type]) ??
        url
          .split('?')[0]
          .match(/\.(\w{2,5})$/)?.[1]
          ?.toLowerCase() ??
        'bin';
      return keeper.keepBytes(res.body, type ?? 'application/octet-stream', url, ext);
    },

    /** Keeps bytes we hold (uploads, local step outputs); `sourceUrl` is where they came from, if anywhere. */
    async keepBytes(bytes: Uint8Array, type: string, sourceUrl?: string, ext = EXT[type] ?? 'bin'): Promise<string> {
      const kept = await files.put(bytes, ext);
      urls.put(sourceUrl ?? kept.ref, kept.file, type, kept.size);
      return kept.ref;
    },

    /** A value as the engine uses it: references stay (checked), remote URLs are kept first, text is left alone. */
    async resolve(value: string, signal?: AbortSignal): Promise<string> {
      if (isMediaRef(value)) {
        if (!(await has(refFile(value))))
          throw new MissingMedia(`The file ${value} is not in the media folder any more; upload it again`);
        return value;
      }
      return isRemoteUrl(value) ? keeper.keep(value, signal) : value;
    },

    /** Where ffmpeg reads a reference from (a path, or a URL for a remote store). */
    async localPath(ref: string): Promise<string> {
      const { sha, ext } = partsOf(ref);
      return files.localPath(sha, ext);
    },

    /** A kept file's bytes (`range`: only those, e.g. the first few for sniffing). */
    async read(ref: string, range?: ByteRange): Promise<Uint8Array<ArrayBuffer>> {
      const { sha, ext } = partsOf(ref);
      return files.read(sha, ext, range);
    },

    /** Legacy values (runs stored before media was content): a URL we hold a copy of is shown as its reference. */
    expose(outputs: NodeOutputs): NodeOutputs {
      const out: NodeOutputs = {};
      for (const [k, v] of Object.entries(outputs)) {
        const file = isRemoteUrl(v) ? urls.fileFor(v) : undefined;
        out[k] = file ? mediaRef(file) : v;
      }
      return out;
    },
  };
  return keeper;
}

export type MediaKeeper = ReturnType<typeof mediaKeeper>;
