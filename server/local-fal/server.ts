import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AcceptFault, FaultInjector } from './faults.ts';
import type { JobQueue } from './jobs.ts';
import { queueRoutes } from './queue-routes.ts';
import { type FileStore, TooLargeError } from './storage.ts';
import { storageRoutes } from './storage-routes.ts';

export interface EngineParts {
  queue: JobQueue;
  store: FileStore;
  faults: FaultInjector;
  base: () => string;
  /** Requests seen per route (faulted ones included): lets tests see that a retry really happened. */
  requests: Record<string, number>;
  log: boolean;
}

/**
 * The engine's Hono env. `incoming` is the raw Node request: upload bodies stream from it and a `drop` fault
 * destroys its socket. `target` is where the request is really going (below).
 */
export interface LocalFalEnv {
  Bindings: HttpBindings;
  Variables: { target: URL; acceptFault?: AcceptFault };
}

const PROXY_PATH = '/api/fal/proxy';
const targets = new WeakMap<Request, URL | null>();

/**
 * Proxy style carries the real destination in a header (fal-protocol.md §3); direct fal paths are their own target.
 * Memoised per request because Hono asks for the routing path before any middleware runs, and the middleware
 * below wants the same URL (with its query: `fal_webhook`, `logs`). `null` = a proxy call without a usable header.
 */
function targetOf(req: Request): URL | null {
  let t = targets.get(req);
  if (t !== undefined) return t;
  const own = new URL(req.url);
  t = own;
  if (own.pathname === PROXY_PATH || own.pathname.startsWith(`${PROXY_PATH}/`)) {
    try {
      t = new URL(req.headers.get('x-fal-target-url') ?? '');
    } catch {
      t = null;
    }
  }
  targets.set(req, t);
  return t;
}

/**
 * What Hono routes on: the target's path, so one route table serves both styles. Sync calls to the `fal.run` host
 * are folded into the `/_run/` prefix that direct callers use, so they reach the sync submit route.
 */
function routingPath(req: Request): string {
  const t = targetOf(req);
  if (!t) return PROXY_PATH;
  return t.hostname === 'fal.run' ? `/_run${t.pathname}` : t.pathname;
}

/** The whole engine as a Hono app; `@hono/node-server` runs it (index.ts). */
export function createEngineApp(e: EngineParts): Hono<LocalFalEnv> {
  const app = new Hono<LocalFalEnv>({ getPath: routingPath });
  app.use(async (c, next) => {
    const target = targetOf(c.req.raw);
    if (!target) return c.json({ detail: `${PROXY_PATH} needs an x-fal-target-url header` }, 400);
    c.set('target', target);
    await next();
  });
  // Storage first: the submit route is a catch-all POST and must only see what nothing else claimed.
  app.route('/', storageRoutes(e));
  app.route('/', queueRoutes(e));
  app.notFound((c) => {
    const t = c.var.target;
    if (e.log) console.log(`[local-fal] ${c.req.method} ${t.pathname}${t.search} → unknown`);
    return c.json({ detail: 'Not found' }, 404);
  });
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    // Cut off mid-body: the rest of the upload is still on the wire, so this connection cannot carry another request.
    if (err instanceof TooLargeError) return c.json({ detail: err.message }, 413, { connection: 'close' });
    console.error('[local-fal]', err);
    return c.json({ detail: 'Internal server error' }, 500);
  });
  return app;
}
