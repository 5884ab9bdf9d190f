import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FalClient } from '@fal-ai/client';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ServerConfig, TeamStatus } from '../shared/api.ts';
import type { Engine } from './engine/engine.ts';
import { crossSiteGuard } from './http/cross-site.ts';
import { accessControl, type AccessOptions } from './http/session.ts';
import { sessionRoutes, type Access } from './http/session-routes.ts';
import { graphRoutes } from './routes/graphs.ts';
import { mediaRoutes } from './routes/media.ts';
import { miscRoutes } from './routes/misc.ts';
import { provenanceRoutes } from './routes/provenance.ts';
import { runRoutes } from './routes/runs.ts';
import { teamRoutes } from './routes/team.ts';
import { templateRoutes } from './routes/templates.ts';
import { uploadRoutes } from './routes/uploads.ts';

/** With any access token set, every /api and /media request needs a token (Bearer or `?token=`) or a session. */
export interface AppOptions extends AccessOptions {
  engine: Engine;
  fal: FalClient;
  config: ServerConfig;
  /** Built client (dist/client); served with an SPA fallback when present. */
  clientDir?: string;
  uploadMaxBytes?: number;
  /** A team server's queue and workers (GET /api/team); absent in single-process mode. */
  teamStatus?: () => Promise<TeamStatus>;
}

const JSON_LIMIT = 10 * 1024 * 1024;

/** The typed API (`hc<AppType>`): routes chained so their types compose. */
export function createApi(o: AppOptions, access?: Access) {
  return new Hono()
    .basePath('/api')
    .route('/graphs', graphRoutes(o.engine.store))
    .route('/runs', runRoutes(o.engine))
    .route('/templates', templateRoutes(o.engine, o.engine.store.batches))
    .route('/uploads', uploadRoutes(o.engine.media, o.uploadMaxBytes ?? 200 * 1024 * 1024))
    .route('/provenance', provenanceRoutes(o.uploadMaxBytes ?? 200 * 1024 * 1024))
    .route('/session', sessionRoutes(access))
    .route('/team', teamRoutes(o.teamStatus))
    .route('/', miscRoutes(o.engine, o.config));
}

export type AppType = ReturnType<typeof createApi>;

export function createApp(o: AppOptions) {
  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      // A middleware that built its own answer (hono/bearer-auth's 401 with WWW-Authenticate) is sent as built.
      if (err.res) return err.getResponse();
      const message = err.message || 'Bad request';
      return c.json({ error: message }, err.status);
    }
    console.error(err);
    return c.json({ error: 'Internal error' }, 500);
  });
  const control = accessControl(o, o.engine.store.db);
  if (control) {
    app.use('/api/*', control.guard);
    app.use('/media/*', control.guard);
  }
  // A foreign page can make a browser send "simple" cross-site POSTs (e.g. a multipart upload) to a loopback server
  // without any preflight: refused with a 403 naming the origin.
  app.use('/api/*', crossSiteGuard());
  app.use('/api/*', async (c, next) => {
    // Uploads and dropped videos bring their own (larger) limit.
    if (c.req.path.startsWith('/api/uploads') || c.req.path.startsWith('/api/provenance')) return next();
    return bodyLimit({
      maxSize: JSON_LIMIT,
      onError: (cc) => cc.json({ error: 'The request body is too large' }, 413),
    })(c, next);
  });
  app.route('/', createApi(o, control?.access));
  // Signed-in media must not sit in a shared proxy's cache: `private` whenever access control is on.
  app.route('/media', mediaRoutes(o.engine.media.files, o.engine.media.dir, { private: !!control }));
  app.all('/api/*', (c) => c.json({ error: `No route ${c.req.method} ${c.req.path}` }, 404));
  if (o.clientDir && existsSync(join(o.clientDir, 'index.html'))) {
    const index = readFileSync(join(o.clientDir, 'index.html'), 'utf8');
    app.use('/*', serveStatic({ root: o.clientDir }));
    app.get('*', (c) => c.html(index));
  }
  return app;
}
