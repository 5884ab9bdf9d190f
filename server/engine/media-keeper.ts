import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeOutputs } from '../../shared/define-node.ts';
import { isMediaRef, isRemoteUrl, MEDIA_PREFIX, mediaRef, refFile } from '../../shared/media-ref.ts';
import { safeFetch } from '../net/safe-fetch.ts';
import type { MediaStore } from '../store/cache-store.ts';

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

/**
 * Keeps every file the product touches under DATA_DIR/media, named by the sha256 of its bytes, and hands out
 * references (`/media/<sha256>.<ext>`) instead of URLs: fal's URLs expire and the local engine's port changes, a kept
 * file does not. A URL a file came from is remembered only so it is fetched once (and as provenance).
 */
export function mediaKeeper(dir: string, store: MediaStore, opts: { allowOrigins?: string[] } = {}) {
  mkdirSync(dir, { recursive: true });

  const keeper = {
    dir,
    /** Fetches `url` once (later calls answer from the store) and returns its reference. Public addresses only. */
    async keep(url: string, signal?: AbortSignal): Promise<string> {
      const known = store.fileFor(url);
      if (known && existsSync(join(dir, known))) return mediaRef(known);
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
      const hash = createHash('sha256').update(bytes).digest('hex');
      const file = `${hash}.${ext}`;
      if (!existsSync(join(dir, file))) {
        // Written aside and renamed, so a crash never leaves a half file under a content name.
        const tmp = join(dir, `.tmp-${randomUUID()}`);
        await writeFile(tmp, bytes);
        await rename(tmp, join(dir, file)).catch(async (err) => {
          await rm(tmp, { force: true });
          throw err;
        });
      }
      store.put(sourceUrl ?? mediaRef(file), file, type, bytes.length);
      return mediaRef(file);
    },

    /** A value as the engine uses it: references stay (checked), remote URLs are kept first, text is left alone. */
    async resolve(value: string, signal?: AbortSignal): Promise<string> {
      if (isMediaRef(value)) {
        if (!existsSync(join(dir, refFile(value)!)))
          throw new MissingMedia(`The file ${value} is not in this data folder any more; upload it again`);
        return value;
      }
      return isRemoteUrl(value) ? keeper.keep(value, signal) : value;
    },

    /** Path on disk of a reference. */
    path(ref: string): string {
      const file = refFile(ref);
      if (!file) throw new MissingMedia(`not a kept file: ${ref}`);
      return join(dir, file);
    },

    /** Legacy values (runs stored before media was content): a URL we hold a copy of is shown as its reference. */
    expose(outputs: NodeOutputs): NodeOutputs {
      const out: NodeOutputs = {};
      for (const [k, v] of Object.entries(outputs)) {
        const file = isRemoteUrl(v) ? store.fileFor(v) : undefined;
        out[k] = file ? mediaRef(file) : v;
      }
      return out;
    },
  };
  return keeper;
}

export type MediaKeeper = ReturnType<typeof mediaKeeper>;
