import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type AcceptFault, type FaultRoute, isAcceptFault } from './faults.ts';
import type { EngineParts, LocalFalEnv } from './server.ts';

/**
 * Cuts the connection without a response, as a crashed gateway or a reset does: the client sees `fetch failed` /
 * `UND_ERR_SOCKET`. Hono has no way to say "no response", so the Node socket is destroyed directly and the adapter
 * told that the response is already taken care of.
 */
export function dropConnection(c: Context<LocalFalEnv>): Response {
  c.env.incoming.socket.destroy();
  return RESPONSE_ALREADY_SENT;
}

/**
 * First handler of every fal route: counts the request (faulted ones too, so a test can see a retry happen), logs
 * it, and applies the route's next fault — a status answered instead of the real response, a dropped connection, a
 * delay, or an accept fault that the submit handler applies once the job exists.
 */
export function faulted(e: EngineParts, route: FaultRoute, kind: string): MiddlewareHandler<LocalFalEnv> {
  return async (c, next) => {
    e.requests[route] = (e.requests[route] ?? 0) + 1;
    const t = c.var.target;
    if (e.log) console.log(`[local-fal] ${c.req.method} ${t.pathname}${t.search} → ${kind}`);
    const fault = e.faults.next(route);
    if (fault === 'drop') return dropConnection(c);
    if (typeof fault === 'number')
      return c.json({ detail: `Injected fault: HTTP ${fault}` }, fault as ContentfulStatusCode);
    if (isAcceptFault(fault)) c.set('acceptFault', fault);
    else if (fault && typeof fault === 'object') await new Promise((r) => setTimeout(r, fault.slowMs));
    await next();
  };
}

/** An accept fault: the job exists (and runs), but its answer never reaches the caller intact. */
export function loseAnswer(c: Context<LocalFalEnv>, fault: AcceptFault): Response {
  if (fault === 'accept-drop') return dropConnection(c);
  // No request id header either: the caller must not learn which job it created.
  return c.json({ detail: 'Injected fault: HTTP 500 after the job was queued' }, 500);
}
