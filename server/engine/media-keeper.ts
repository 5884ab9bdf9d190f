import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { NodeOutputs } from '../../shared/define-node.ts';
import type { MediaStore } from '../store/cache-store.ts';

const EXT: Record<string, string> = {
  'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/webm': 'webm', 'image/png': 'png', 'image/jpeg': 'jpg',
  'image/webp': 'webp', 'image/gif': 'gif',
};
/** Cap on a kept file: fal outputs are a few MB; anything huge is a mistake, not a video. */
const MAX_BYTES = 2 * 1024 ** 3;

/** URL prefix our copies are served under. */
export const MEDIA_PREFIX = '/media/';

/**
 * Keeps a local, content-addressed copy of every produced file: fal's URLs can expire, our copy does not. The
 * original URL stays the value downstream fal requests use; the client sees `/media/<sha256>.<ext>`.
 */
export function mediaKeeper(dir: string, store: MediaStore) {
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
    /** Downloads `url` once (idempotent per URL) and returns the kept file name. */
    async keep(url: string, signal?: AbortSignal): Promise<string> {
      const known = store.fileFor(url);
      if (known && existsSync(join(dir, known))) return known;
      const res = await fetch(url, { signal });
      if (!res.ok || !res.body) throw new Error(`Could not fetch ${url} to keep a copy: HTTP ${res.status}`);
      const type = res.headers.get('content-type')?.split(';')[0].trim();
      const ext = (type && EXT[type]) ?? url.split('?')[0].match(/\.(\w{2,5})$/)?.[1] ?? 'bin';
      const hash = createHash('sha256');
      let size = 0;
      const tmp = join(dir, `.tmp-${randomUUID()}`);
      const count = new Transform({
        transform(chunk: Buffer, _e, done) {
          size += chunk.length;
          if (size > MAX_BYTES) return done(new Error(`${url} is larger than ${MAX_BYTES} bytes`));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(Readable.fromWeb(res.body as never), count, createWriteStream(tmp));
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return commit(tmp, hash.digest('hex'), ext, url, type, size);
    },

    /** Keeps bytes we already hold (uploads), recorded under the URL they were published at. */
    async keepBytes(url: string, bytes: Uint8Array, type: string): Promise<string> {
      const tmp = join(dir, `.tmp-${randomUUID()}`);
      await writeFile(tmp, bytes);
      const hash = createHash('sha256').update(bytes).digest('hex');
      return commit(tmp, hash, EXT[type] ?? 'bin', url, type, bytes.length);
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
