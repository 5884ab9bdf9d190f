import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/** Kept copies are named `<sha256>.<ext>`; anything else (dots, slashes, encodings) is refused before touching disk. */
const NAME = /^[a-f0-9]{64}\.[a-z0-9]{2,5}$/;
/** Per-run output copies carrying provenance: `runs/<run uuid>/<node>.mp4` and its `.mp4.json` sidecar. */
const RUN_ID = /^[a-f0-9-]{36}$/;
const RUN_FILE = /^[A-Za-z0-9_-]{1,64}\.mp4(\.json)?$/;

/** Serves the locally kept media (with Range support, so videos seek). */
export function mediaRoutes(mediaDir: string) {
  const files = serveStatic({ root: mediaDir, rewriteRequestPath: (p) => p.replace(/^\/media\//, '/') });
  const missing = (c: { json: (b: unknown, s: 404) => Response }) => c.json({ error: 'No such file' }, 404);
  return new Hono()
    .use('/runs/:runId/:file', async (c, next) => {
      if (!RUN_ID.test(c.req.param('runId')) || !RUN_FILE.test(c.req.param('file'))) return missing(c);
      await next();
    })
    .get('/runs/:runId/:file', files, missing)
    .use('/:file', async (c, next) => {
      if (!NAME.test(c.req.param('file'))) return missing(c);
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      await next();
    })
    .get('/:file', files, missing);
}
