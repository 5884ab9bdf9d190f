import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeOutputs } from '../../shared/define-node.ts';
import { safeFetch } from '../net/safe-fetch.ts';
import type { MediaStore } from '../store/cache-store.ts';

const EXT: Record<string, string> = {
  'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/webm': 'webm', 'image/png': 'png', 'image/jpeg': 'jpg',
  'image/webp': 'webp', 'image/gif': 'gif',
};
/** Cap on a kept file: fal outputs are a few MB; anything huge is a mistake, not a video. */
const MAX_BYTES = 512 * 1024 ** 2;

/** URL prefix our copies are served under. */
export const MEDIA_PREFIX = '/media/';

/**
 * Keeps a local, content-addressed copy of every produced file: fal's URLs can expire, our copy does not. The
 * original URL stays the value downstream fal requests use; the client sees `/media/<sha256>.<ext>`.
 */
export function mediaKeeper(dir: string, store: MediaStore, opts: { allowOrigins?: string[] } = {}) {
  mkdirSync(dir, { recursive: true });

  async function commit(tmp: string, hash: string, ext: string, url: string, type: string | undefined, size: number) {
    const file = `${hash}.${ext}`;
    if (existsSync(join(dir, file))) await rm(tmp, { force: true });
    else await rename(tmp, join(dir, file));
    store.put(url, file, type, size);
    return file;
  }

  return {
    dir,
    /**
     * Downloads `url` once (idempotent per URL) and returns the kept file name. Goes through safeFetch: URLs can come
     * from users (source nodes feeding local steps), so only public addresses and the local engine are reachable.
     */
    async keep(url: string, signal?: AbortSignal): Promise<string> {
      const known = store.fileFor(url);
      if (known && existsSync(join(dir, known))) return known;
      if (signal?.aborted) throw new Error('aborted');
      const res = await safeFetch(url, { maxBytes: MAX_BYTES, timeoutMs: 120_000, allowOrigins: opts.allowOrigins });
      const type = res.contentType.split(';')[0].trim() || undefined;
      const ext = (type && EXT[type]) ?? url.split('?')[0].match(/\.(\w{2,5})$/)?.[1] ?? 'bin';
      return this.keepBytes(url, res.body, type ?? 'application/octet-stream', ext);
    },

    /** Keeps bytes we already hold (uploads), recorded under the URL they were published at. */
    async keepBytes(url: string, bytes: Uint8Array, type: string, ext = EXT[type] ?? 'bin'): Promise<string> {
      const tmp = join(dir, `.tmp-${randomUUID()}`);
      await writeFile(tmp, bytes);
      const hash = createHash('sha256').update(bytes).digest('hex');
      return commit(tmp, hash, ext, url, type, bytes.length);
    },

    /** What the client sees: our /media URL for every value we hold a copy of, anything else unchanged. */
    expose(outputs: NodeOutputs): NodeOutputs {
      const out: NodeOutputs = {};
      for (const [k, v] of Object.entries(outputs)) {
        const file = /^https?:\/\//.test(v) ? store.fileFor(v) : undefined;
        out[k] = file ? MEDIA_PREFIX + file : v;
      }
      return out;
    },
  };
}

export type MediaKeeper = ReturnType<typeof mediaKeeper>;
