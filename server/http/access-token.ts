import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { timingSafeEqual } from 'hono/utils/buffer';

/** fal's webhook cannot carry our token; it only wakes a poller (the result is fetched from fal), so it stays open. */
export const OPEN_PATHS = new Set(['/api/fal/webhook']);

/** What `Authorization: Bearer` can carry (RFC 6750 token68): `hono/bearer-auth` refuses any other header value. */
export const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;

const refuse = (c: Context) => c.json({ error: 'Missing or wrong access token' }, 401);

/**
 * `Authorization: Bearer <token>`, checked by `hono/bearer-auth` (constant-time compare), or `?token=<token>` for the
 * requests a browser cannot add a header to (EventSource, <video src>), compared with the same constant-time helper.
 * Every refusal is the same 401 JSON, whether the header is missing, malformed or wrong, so nothing tells them apart.
 */
export function accessToken(token: string): MiddlewareHandler {
  // A token the header cannot carry would lock every API client out while the server looks healthy: fail at start.
  if (!TOKEN68.test(token))
    throw new Error(
      'ACCESS_TOKEN may only use letters, digits and - . _ ~ + / (it is sent as "Authorization: Bearer <token>")',
    );
  const header = bearerAuth({
    token,
    noAuthenticationHeader: { message: refuse },
    invalidAuthenticationHeader: { message: refuse },
    invalidToken: { message: refuse },
  });
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    const query = c.req.query('token');
    if (c.req.header('authorization') === undefined && query !== undefined) {
      return (await timingSafeEqual(token, query)) ? next() : refuse(c);
    }
    return header(c, next);
  };
}
