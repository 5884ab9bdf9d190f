import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { SESSION_COOKIE, type TokenBook } from './access-token.ts';
import type { SessionStore } from './session-store.ts';
import { clientAddress, tooManyWrongTokens, type WrongTokenLimit } from './sign-in-limit.ts';
import { jsonBody } from './validate.ts';

/** Access control as the routes see it: absent when the server has no tokens (loopback, one person). */
export interface Access {
  who: TokenBook;
  sessions: SessionStore;
  /** Wrong tokens per client address, shared with the API's Bearer and `?token=` check (access-token.ts). */
  limit: WrongTokenLimit;
}

/**
 * The cookie only goes back over https when we were reached over https; behind a TLS-terminating proxy that is what
 * X-Forwarded-Proto says (trusting it can only make the cookie stricter).
 */
const overHttps = (c: Context) =>
  new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';

const cookieFlags = (c: Context) => ({ path: '/', httpOnly: true, sameSite: 'Strict' as const, secure: overHttps(c) });

/** GET: who am I; POST: sign in with a token (sets the session cookie); DELETE: sign out (the server forgets it). */
export function sessionRoutes(access: Access | undefined) {
  return new Hono()
    .get('/', (c) =>
      c.json({ accessControl: access !== undefined, name: c.get('who') ?? null, via: c.get('via') ?? null }),
    )
    .post('/', jsonBody(z.object({ token: z.string().max(4096) })), (c) => {
      if (!access) return c.json({ error: 'This server has no access tokens: there is nothing to sign in to' }, 404);
      // Per client address, so one person's typos (or one stranger's guesses) do not lock their teammates out.
      const address = clientAddress(c);
      const blocked = access.limit.blocked(address);
      if (blocked) return tooManyWrongTokens(c, blocked);
      const name = access.who(c.req.valid('json').token.trim());
      if (name === undefined) {
        access.limit.wrong(address);
        return c.json({ error: 'That token is not valid' }, 401);
      }
      const old = getCookie(c, SESSION_COOKIE);
      if (old) access.sessions.end(old);
      const session = access.sessions.create(name);
      setCookie(c, SESSION_COOKIE, session.id, {
        ...cookieFlags(c),
        maxAge: Math.floor(access.sessions.ttlMs / 1000),
        expires: new Date(session.expiresAt),
      });
      return c.json({ name, expiresAt: session.expiresAt });
    })
    .delete('/', (c) => {
      const id = getCookie(c, SESSION_COOKIE);
      if (id) access?.sessions.end(id);
      deleteCookie(c, SESSION_COOKIE, cookieFlags(c));
      return c.json({ signedOut: true });
    });
}
