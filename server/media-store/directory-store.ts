import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { link, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { mediaRef } from '../../shared/media-ref.ts';
import {
  chunksOf,
  EXT,
  FILE,
  SHA,
  typeOfExt,
  type ByteRange,
  type KeptFile,
  type MediaBody,
  type MediaStore,
} from './media-store.ts';

/** Temporary names start with a dot, which no served or listed name does. */
const TMP_PREFIX = '.tmp-';
/** A temporary file this old belongs to a writer that died (a live write takes seconds): it is removed. */
const STALE_TMP_MS = 24 * 3600_000;

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/**
 * Kept files in one directory (MEDIA_DIR, default DATA_DIR/media), which several processes and machines may share
 * (a network or cluster filesystem). A file is written under a temporary name in the same directory, flushed to disk,
 * then linked to its content name: `link` fails when the name exists, so the first complete copy stays and is never
 * rewritten, and a reader sees the whole file or no file. Filesystems without hard links fall back to `rename`, which
 * is atomic too (a racing writer may then replace the file with the same bytes).
 */
export function directoryMediaStore(dir: string): MediaStore & { dir: string } {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  void sweepStaleTemps(root);

  const pathOf = (sha: string, ext: string) => {
    // Names are checked before touching disk, so no encoding of `..` or a slash reaches a path.
    if (!SHA.test(sha) || !EXT.test(ext)) throw new Error(`not a kept file: ${sha}.${ext}`);
    return join(root, `${sha}.${ext}`);
  };
  const kept = (sha: string, ext: string, size: number): KeptFile => {
    const file = `${sha}.${ext}`;
    return { sha, ext, file, ref: mediaRef(file), size };
  };
  const sizeOf = async (path: string) =>
    stat(path).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined,
    );

  async function write(body: MediaBody, ext: string): Promise<KeptFile> {
    const tmp = join(root, `${TMP_PREFIX}${randomUUID()}`);
    const hash = createHash('sha256');
    let size = 0;
    const fh = await open(tmp, 'wx');
    try {
      try {
        for await (const chunk of chunksOf(body)) {
          hash.update(chunk);
          for (let at = 0; at < chunk.length; ) at += (await fh.write(chunk, at)).bytesWritten;
          size += chunk.length;
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const sha = hash.digest('hex');
      const target = pathOf(sha, ext);
      try {
        await link(tmp, target);
      } catch (err) {
        if (code(err) !== 'EEXIST') {
          if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'].includes(code(err) ?? '')) throw err;
          if ((await sizeOf(target)) === undefined) await rename(tmp, target);
        }
      }
      await syncDir(root);
      return kept(sha, ext, size);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  const store = {
    dir: root,
    where: root,
    async has(sha: string, ext: string) {
      return (await sizeOf(pathOf(sha, ext))) !== undefined;
    },
    async put(body: MediaBody, ext: string) {
      if (!EXT.test(ext)) throw new Error(`not a media extension: ${ext}`);
      if (body instanceof Uint8Array) {
        // Bytes in hand: hashed first, so content already kept is not written again at all.
        const sha = createHash('sha256').update(body).digest('hex');
        if (await store.has(sha, ext)) return kept(sha, ext, body.length);
      }
      return write(body, ext);
    },
    async stat(sha: string, ext: string) {
      const size = await sizeOf(pathOf(sha, ext));
      return size === undefined ? undefined : { size, type: typeOfExt(ext) };
    },
    async open(sha: string, ext: string, range?: ByteRange) {
      const stream = createReadStream(pathOf(sha, ext), range && { start: range.start, end: range.end });
      // Opening is awaited so a missing file is an error here, not a broken response body later.
      await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail));
      return Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
    },
    async read(sha: string, ext: string, range?: ByteRange) {
      return new Uint8Array(await new Response(await store.open(sha, ext, range)).arrayBuffer());
    },
    async localPath(sha: string, ext: string) {
      return pathOf(sha, ext);
    },
    async *list() {
      for (const name of await readdir(root)) {
        const m = FILE.exec(name);
        const size = m ? await sizeOf(join(root, name)) : undefined;
        if (m && size !== undefined) yield kept(m[1], m[2], size);
      }
    },
  };
  return store;
}

/** The rename or link itself is durable only once the directory is flushed (not possible everywhere; best effort). */
async function syncDir(dir: string) {
  const fh = await open(dir, 'r').catch(() => undefined);
  await fh?.sync().catch(() => undefined);
  await fh?.close();
}

async function sweepStaleTemps(dir: string) {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(TMP_PREFIX))) {
    const s = await stat(join(dir, name)).catch(() => undefined);
    if (s && Date.now() - s.mtimeMs > STALE_TMP_MS) await rm(join(dir, name), { force: true });
  }
}
