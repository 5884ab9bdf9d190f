import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { OPEN_PATHS } from './access-token.ts';

/**
 * Our own page, by host. The scheme is left out on purpose: behind a TLS-terminating proxy the editor's Origin is
 * https while the request reaches us as http, and a page on the same host is ours whatever its scheme.
 */
function isOwnOrigin(origin: string, c: Context): boolean {
  try {
    return new URL(origin).host === new URL(c.req.url).host;
  } catch {
    return false; // "null" (sandboxed frame, file://) or garbage: not our page
  }
}

// Our own page is recognised by either header (hono/csrf allows when one of them says same-origin).
const check = csrf({ origin: isOwnOrigin, secFetchSite: 'same-origin' });

/** hono/csrf only looks at the content types a page may send without a CORS preflight. */
const SIMPLE_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/(plain|ping))\b/i;

/**
 * Refuses state changes that a page from another site makes a browser send, with a 403 that says so.
 *
 * `hono/csrf` decides for the "simple" requests (form, multipart, text/plain), the ones a foreign page can send to a
 * loopback server without any preflight. Other content types (JSON) need a preflight, which we never grant (no CORS);
 * they are refused here too on the same rule, so a proxy that adds CORS headers cannot open them.
 *
 * A request with neither Origin nor Sec-Fetch-Site is not from a browser (browsers send Origin with every POST): curl,
 * scripts and the tests keep working, as they could forge either header anyway.
 * Signed in through the page, the session cookie is what a foreign page would ride on: it is SameSite=Strict (a
 * browser does not attach it cross-site) and these same checks refuse a cross-site change that carries it anyway.
 */
export function crossSiteGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const unsafe = !/^(GET|HEAD|OPTIONS)$/.test(c.req.method);
    if (origin === undefined && site === undefined) {
      // A session cookie is a browser's credential, and a browser names the page behind every state change: one
      // that names none is not the editor (scripts sign their requests with a Bearer token instead).
      if (unsafe && c.get('via') === 'cookie')
        return c.json({ error: "A signed-in change must come from pikaflow's own page (no Origin was sent)" }, 403);
      return next();
    }
    const from = origin !== undefined ? `from ${origin.slice(0, 100)}` : `(Sec-Fetch-Site: ${site?.slice(0, 20)})`;
    const refuse = () =>
      c.json(
        { error: `Cross-site request ${from} refused: state changes are only accepted from pikaflow's own page` },
        403,
      );
    if (SIMPLE_TYPE.test(c.req.header('content-type') ?? 'text/plain')) {
      // hono/csrf as a yes/no: its own `next` only records the pass, so an error thrown later in the chain is never
      // mistaken for its refusal.
      let passed = false;
      try {
        await check(c, async () => {
          passed = true;
        });
      } catch (err) {
        if (err instanceof HTTPException && err.status === 403) return refuse();
        throw err;
      }
      return passed ? next() : refuse();
    }
    if (!unsafe || site === 'same-origin' || (origin !== undefined && isOwnOrigin(origin, c))) return next();
    return refuse();
  };
}
