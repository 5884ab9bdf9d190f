import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/** Kept copies are named `<sha256>.<ext>`; anything else (dots, slashes, encodings) is refused before touching disk. */
const NAME = /^[a-f0-9]{64}\.[a-z0-9]{2,5}$/;

/** Serves the locally kept media (with Range support, so videos seek). */
export function mediaRoutes(mediaDir: string) {
  return new Hono()
    .use('/:file', async (c, next) => {
      if (!NAME.test(c.req.param('file'))) return c.json({ error: 'No such file' }, 404);
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      await next();
    })
    .get('/:file', serveStatic({ root: mediaDir, rewriteRequestPath: (p) => p.replace(/^\/media\//, '/') }), (c) =>
      c.json({ error: 'No such file' }, 404));
}
