import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** One stored object: what `file_url` serves. */
export interface StoredFile {
  path: string;
  contentType: string;
  fileName: string;
  size: number;
}

export class TooLargeError extends Error {}

/** Counts bytes through a stream and fails once past the cap, so a huge upload or input cannot fill the disk. */
function capped(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new TooLargeError(`file larger than ${max} bytes`));
      else done(null, chunk);
    },
  });
}

/**
 * fal's CDN stand-in: initiate hands out a signed PUT URL on the engine itself, the PUT lands on disk, and
 * `file_url` serves the bytes back with their content type. Renders are stored the same way.
 */
export class FileStore {
  private files = new Map<string, StoredFile>();
  private pending = new Map<string, { contentType: string; fileName: string; parts?: Set<number> }>();

  constructor(
    private dir: string,
    private base: () => string,
    /** Largest upload or fetched input; the upload routes also refuse a larger declared length up front. */
    readonly maxBytes: number,
  ) {}

  async init(): Promise<void> {
    await mkdir(join(this.dir, 'files'), { recursive: true });
  }

  private fileUrl(token: string, fileName: string): string {
    return `${this.base()}/files/${token}/${encodeURIComponent(fileName)}`;
  }

  /** `POST /storage/upload/initiate[-multipart]`: reserve a token; the signed URL points back here. */
  initiate(contentType: string | undefined, fileName: string | undefined, multipart: boolean) {
    const token = randomUUID();
    const name = (fileName || `${token}.bin`).replace(/[/\\]/g, '_');
    this.pending.set(token, {
      contentType: contentType || 'application/octet-stream',
      fileName: name,
      parts: multipart ? new Set() : undefined,
    });
    const prefix = multipart ? '__mp' : '__upload';
    return { upload_url: `${this.base()}/${prefix}/${token}?signature=local`, file_url: this.fileUrl(token, name) };
  }

  /** Streams a body to disk under the cap; a failed or oversized write leaves no partial file behind. */
  private async write(body: Readable, path: string): Promise<void> {
    try {
      await pipeline(body, capped(this.maxBytes), createWriteStream(path));
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
  }

  /** The signed PUT: raw body to disk. Returns false when the token is unknown. */
  async put(token: string, body: Readable): Promise<boolean> {
    const p = this.pending.get(token);
    if (!p || p.parts) return false;
    const path = join(this.dir, 'files', token);
    await this.write(body, path);
    this.pending.delete(token);
    this.files.set(token, { path, contentType: p.contentType, fileName: p.fileName, size: (await stat(path)).size });
    return true;
  }

  /** One multipart chunk; the client wants `{partNumber, etag}` back. */
  async putPart(
    token: string,
    part: number,
    body: Readable,
  ): Promise<{ partNumber: number; etag: string } | undefined> {
    const p = this.pending.get(token);
    if (!p?.parts || !(part >= 1)) return undefined;
    await this.write(body, join(this.dir, 'files', `${token}.part${part}`));
    p.parts.add(part);
    return { partNumber: part, etag: `"${token}-${part}"` };
  }

  /** Concatenates the parts in the order the client lists them. */
  async complete(token: string, parts: { partNumber: number }[]): Promise<boolean> {
    const p = this.pending.get(token);
    if (!p?.parts || !parts.every((x) => p.parts!.has(x.partNumber))) return false;
    const path = join(this.dir, 'files', token);
    await writeFile(path, new Uint8Array());
    for (const { partNumber } of [...parts].sort((a, b) => a.partNumber - b.partNumber)) {
      const partPath = join(this.dir, 'files', `${token}.part${partNumber}`);
      await appendFile(path, await readFile(partPath));
      await rm(partPath, { force: true });
    }
    this.pending.delete(token);
    this.files.set(token, { path, contentType: p.contentType, fileName: p.fileName, size: (await stat(path)).size });
    return true;
  }

  /** Registers a file the engine produced itself (a render) and returns its public URL. */
  async adopt(path: string, contentType: string, fileName: string): Promise<{ url: string; size: number }> {
    const token = randomUUID();
    const size = (await stat(path)).size;
    this.files.set(token, { path, contentType, fileName, size });
    return { url: this.fileUrl(token, fileName), size };
  }

  get(token: string): StoredFile | undefined {
    return this.files.get(token);
  }

  /** The stored file behind one of our own URLs, read straight from disk instead of over HTTP. */
  local(url: string): StoredFile | undefined {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return undefined;
    }
    if (!this.base().startsWith(u.origin)) return undefined;
    const m = /^\/files\/([0-9a-f-]{36})(\/|$)/.exec(u.pathname);
    return m ? this.files.get(m[1]) : undefined;
  }

  /** Any input URL as a local file: ours short-circuit to disk; others are fetched with a timeout and a size cap. */
  async fetchInput(url: string, dest: string, timeoutMs: number): Promise<string> {
    const own = this.local(url);
    if (own) return own.path;
    if (url.startsWith('data:')) {
      const m = /^data:[^;,]*(;base64)?,(.*)$/s.exec(url);
      if (!m) throw new Error('malformed data URI');
      await writeFile(dest, m[1] ? Buffer.from(m[2], 'base64') : Buffer.from(decodeURIComponent(m[2])));
      return dest;
    }
    if (!/^https?:\/\//.test(url)) throw new Error(`cannot fetch ${url}: only http(s) and data URLs`);
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !res.body) throw new Error(`fetching ${url} failed: HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > this.maxBytes) throw new TooLargeError(`${url} is larger than ${this.maxBytes} bytes`);
    await pipeline(Readable.fromWeb(res.body as never), capped(this.maxBytes), createWriteStream(dest));
    return dest;
  }
}
