import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { faulted } from './fault-middleware.ts';
import { jsonLimit, readJson } from './json-body.ts';
import type { EngineParts, LocalFalEnv } from './server.ts';
import type { StoredFile } from './storage.ts';

/**
 * fal storage (fal-protocol.md §5): initiate on `rest.fal.ai` paths, then the signed PUT (or multipart parts and
 * complete) on URLs that point back at the engine, and `file_url` serving the bytes. One fault route, `upload`,
 * covers every call of the upload flow; `files` covers serving.
 */
export function storageRoutes(e: EngineParts): Hono<LocalFalEnv> {
  const app = new Hono<LocalFalEnv>();
  const upload = (kind: string) => faulted(e, 'upload', kind);
  for (const [path, multipart] of [
    ['/storage/upload/initiate', false],
    ['/storage/upload/initiate-multipart', true],
  ] as const) {
    app.post(path, upload('initiate'), jsonLimit, async (c) => {
      const body = ((await readJson(c)) ?? {}) as { content_type?: string; file_name?: string };
      return c.json(e.store.initiate(body.content_type, body.file_name, multipart));
    });
  }
  // Upload bodies are streamed from the Node request straight to disk: they may be hundreds of MB.
  app.put('/__upload/:token', upload('put'), declaredSize(e), async (c) => {
    if (!(await e.store.put(c.req.param('token'), c.env.incoming)))
      return c.json({ detail: 'Unknown or used upload URL' }, 404);
    return c.json({ ok: true });
  });
  app.put('/__mp/:token/:part{[0-9]+}', upload('part'), declaredSize(e), async (c) => {
    const part = await e.store.putPart(c.req.param('token'), Number(c.req.param('part')), c.env.incoming);
    return part ? c.json(part) : c.json({ detail: 'Unknown multipart upload' }, 404);
  });
  app.post('/__mp/:token/complete', upload('complete'), jsonLimit, async (c) => {
    const body = ((await readJson(c)) ?? {}) as { parts?: { partNumber: number }[] };
    const ok = await e.store.complete(c.req.param('token'), body.parts ?? []);
    return ok ? c.json({ ok: true }) : c.json({ detail: 'Missing parts' }, 400);
  });
  // GET only: Hono answers HEAD through the GET route and drops the body (fileResponse skips opening the file).
  app.get('/files/:token/:name?', faulted(e, 'files', 'file'), (c) => {
    const file = e.store.get(c.req.param('token'));
    return file ? fileResponse(c, file) : c.json({ detail: 'File not found' }, 404);
  });
  return app;
}

/** A declared length over the cap is refused before a byte is read; an undeclared one is cut by the store's cap. */
function declaredSize(e: EngineParts): MiddlewareHandler<LocalFalEnv> {
  return async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > e.store.maxBytes) return c.json({ detail: `file larger than ${e.store.maxBytes} bytes` }, 413);
    await next();
  };
}

/** Serves a stored file with its content type; byte ranges so a browser <video> can seek. */
export function fileResponse(c: Context<LocalFalEnv>, file: StoredFile): Response {
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    'accept-ranges': 'bytes',
    'content-disposition': `inline; filename="${file.fileName.replace(/"/g, '')}"`,
    'cache-control': 'public, max-age=31536000, immutable',
  };
  const range = /^bytes=(\d*)-(\d*)$/.exec(c.req.header('range') ?? '');
  let start = 0;
  let end = file.size - 1;
  if (range && file.size > 0) {
    start = range[1] ? Number(range[1]) : Math.max(0, file.size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(Number(range[2]), end) : end;
    if (start > end) return c.body(null, 416, { 'content-range': `bytes */${file.size}` });
    headers['content-range'] = `bytes ${start}-${end}/${file.size}`;
  }
  headers['content-length'] = String(Math.max(0, end - start + 1));
  const status = headers['content-range'] ? 206 : 200;
  if (c.req.method === 'HEAD' || file.size === 0) return c.body(null, status, headers);
  const stream = Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream<Uint8Array>;
  return c.body(stream, status, headers);
}
