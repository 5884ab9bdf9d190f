import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { byteRange } from '../http/byte-range.ts';
import { splitFile, type MediaStore } from '../media-store/media-store.ts';

/** Per-run output copies carrying provenance: `runs/<run uuid>/<node>.mp4` and its `.mp4.json` sidecar. */
const RUN_ID = /^[a-f0-9-]{36}$/;
const RUN_FILE = /^[A-Za-z0-9_-]{1,64}\.mp4(\.json)?$/;
const YEAR = 31536000;

/**
 * Serves kept media from the media store (with Range support, so videos seek) and the per-run copies from the local
 * media folder. A kept file never changes (its name is its content), so it is cached for a year: `public` on an open
 * server, `private` with access control on, so a shared proxy never keeps what only signed-in people may see.
 */
export function mediaRoutes(files: MediaStore, mediaDir: string, o: { private?: boolean } = {}) {
  const runFiles = serveStatic({ root: mediaDir, rewriteRequestPath: (p) => p.replace(/^\/media\//, '/') });
  const cacheControl = `${o.private ? 'private' : 'public'}, max-age=${YEAR}, immutable`;
  const missing = (c: { json: (b: unknown, s: 404) => Response }) => c.json({ error: 'No such file' }, 404);
  return new Hono()
    .use('/runs/:runId/:file', async (c, next) => {
      if (!RUN_ID.test(c.req.param('runId')) || !RUN_FILE.test(c.req.param('file'))) return missing(c);
      await next();
    })
    .get('/runs/:runId/:file', runFiles, missing)
    .get('/:file', async (c) => {
      // Only `<sha256>.<ext>`: anything else (dots, slashes, encodings, temporary names) is refused before any lookup.
      const parts = splitFile(c.req.param('file'));
      const info = parts && (await files.stat(parts.sha, parts.ext));
      if (!parts || !info) return missing(c);
      const headers: Record<string, string> = {
        'Content-Type': info.type,
        'Accept-Ranges': 'bytes',
        'Cache-Control': cacheControl,
        ETag: `"${parts.sha}"`,
      };
      if (c.req.header('if-none-match') === headers.ETag) return c.body(null, 304, headers);
      const range = byteRange(c.req.header('range'), info.size);
      if (range === 'unsatisfiable') return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${info.size}` });
      const length = range ? range.end - range.start + 1 : info.size;
      headers['Content-Length'] = String(length);
      if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${info.size}`;
      const status = range ? 206 : 200;
      // HEAD (and an empty file) answers the headers without opening the file.
      if (c.req.method === 'HEAD' || length === 0) return c.body(null, status, headers);
      return c.body(await files.open(parts.sha, parts.ext, range), status, headers);
    });
}
