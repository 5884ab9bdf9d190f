import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredFile } from './storage.ts';

/** Small node:http helpers. Plain node:http because the protocol needs raw PUT bodies, SSE and socket drops. */

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export class BodyError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

/** Reads a JSON body (empty → undefined); a malformed one is the caller's 422, like fal's FastAPI. */
export async function readJson(req: IncomingMessage, max = 10 * 1024 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new BodyError(413, `body larger than ${max} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(422, 'Invalid JSON body');
  }
}

/** Serves a stored file with its content type; byte ranges so a browser <video> can seek. */
export function sendFile(req: IncomingMessage, res: ServerResponse, file: StoredFile): void {
  const headers: Record<string, string | number> = {
    'content-type': file.contentType,
    'accept-ranges': 'bytes',
    'content-disposition': `inline; filename="${file.fileName.replace(/"/g, '')}"`,
    'cache-control': 'public, max-age=31536000, immutable',
  };
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  let start = 0;
  let end = file.size - 1;
  if (range && file.size > 0) {
    start = range[1] ? Number(range[1]) : Math.max(0, file.size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(Number(range[2]), end) : end;
    if (start > end) {
      res.writeHead(416, { 'content-range': `bytes */${file.size}` });
      res.end();
      return;
    }
    headers['content-range'] = `bytes ${start}-${end}/${file.size}`;
  }
  headers['content-length'] = Math.max(0, end - start + 1);
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || file.size === 0) {
    res.end();
    return;
  }
  createReadStream(file.path, { start, end }).pipe(res);
}

/** Where a request is going once the proxy header is unwrapped. */
export type Route =
  | { kind: 'initiate'; multipart: boolean }
  | { kind: 'put'; token: string }
  | { kind: 'part'; token: string; part: number }
  | { kind: 'complete'; token: string }
  | { kind: 'file'; token: string }
  | { kind: 'submit'; endpoint: string; sync: boolean }
  | { kind: 'status' | 'stream' | 'result' | 'cancel'; prefix: string; owner: string; alias: string; id: string }
  | { kind: 'unknown' };

/**
 * fal's URL space: submit goes to the full endpoint id; status/result/cancel to `{owner}/{alias}/requests/{id}`
 * (with a `workflows/` or `comfy/` namespace kept in front); `rest.fal.ai` storage paths; our own signed upload and
 * file URLs. Sync `fal.run` calls are recognised by host, or by the `/_run/` prefix when called directly.
 */
export function classify(method: string, target: URL): Route {
  const path = target.pathname;
  if (method === 'POST' && path === '/storage/upload/initiate') return { kind: 'initiate', multipart: false };
  if (method === 'POST' && path === '/storage/upload/initiate-multipart') return { kind: 'initiate', multipart: true };
  let m = /^\/__upload\/([\w-]+)$/.exec(path);
  if (m && method === 'PUT') return { kind: 'put', token: m[1] };
  m = /^\/__mp\/([\w-]+)\/(\d+)$/.exec(path);
  if (m && method === 'PUT') return { kind: 'part', token: m[1], part: Number(m[2]) };
  m = /^\/__mp\/([\w-]+)\/complete$/.exec(path);
  if (m && method === 'POST') return { kind: 'complete', token: m[1] };
  m = /^\/files\/([\w-]+)(\/[^/]*)?$/.exec(path);
  if (m && (method === 'GET' || method === 'HEAD')) return { kind: 'file', token: m[1] };
  const sync = target.hostname === 'fal.run' || path.startsWith('/_run/');
  const parts = path.replace(/^\/_run\//, '/').split('/').filter(Boolean).map(decodeURIComponent);
  const ns = parts[0] === 'workflows' || parts[0] === 'comfy' ? 1 : 0;
  if (parts.length < ns + 2) return { kind: 'unknown' };
  const [owner, alias] = [parts[ns], parts[ns + 1]];
  const rest = parts.slice(ns + 2);
  const prefix = parts.slice(0, ns + 2).join('/');
  if (rest[0] === 'requests' && rest[1] && !sync) {
    const id = rest[1];
    const tail = rest.slice(2).join('/');
    if (method === 'GET' && tail === '') return { kind: 'result', prefix, owner, alias, id };
    if (method === 'GET' && tail === 'status') return { kind: 'status', prefix, owner, alias, id };
    if (method === 'GET' && tail === 'status/stream') return { kind: 'stream', prefix, owner, alias, id };
    if (method === 'PUT' && tail === 'cancel') return { kind: 'cancel', prefix, owner, alias, id };
    return { kind: 'unknown' };
  }
  if (method === 'POST') return { kind: 'submit', endpoint: parts.join('/'), sync };
  return { kind: 'unknown' };
}
