import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { SessionStore } from './session-store.ts';
import { clientAddress, tooManyWrongTokens, wrongTokenLimit, type WrongTokenLimit } from './sign-in-limit.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** Who made this request: the name of the token or session that authenticated it (unset without access control). */
    who?: string;
    /** How the request was authenticated; a session cookie is what the cross-site guard must watch. */
    via?: 'bearer' | 'query' | 'cookie';
  }
}

/** fal's webhook cannot carry our token; it only wakes a poller (the result is fetched from fal), so it stays open. */
export const OPEN_PATHS = new Set(['/api/fal/webhook']);
/** Signing in is how a person without a session gets one: open, but still behind the cross-site guard. */
export const SIGN_IN_PATH = '/api/session';
export const SESSION_COOKIE = 'pikaflow_session';

/** What `Authorization: Bearer` can carry (RFC 6750 token68): `hono/bearer-auth` refuses any other header value. */
export const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;
const NAME = /^[\p{L}\p{N}._ -]{1,40}$/u;

export interface NamedToken {
  name: string;
  token: string;
}

const refuse = (c: Context) => c.json({ error: 'Missing or wrong access token' }, 401);
const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whose token this is, or undefined. Every token is compared, over equal-length digests, in constant time. */
export type TokenBook = (candidate: string) => string | undefined;

export function tokenBook(tokens: NamedToken[]): TokenBook {
  const book = tokens.map((t) => ({ name: t.name, digest: digest(t.token) }));
  return (candidate) => {
    const d = digest(candidate);
    let found: string | undefined;
    // No early exit: the time taken does not say which (or whether a) token matched.
    for (const t of book) if (timingSafeEqual(d, t.digest) && found === undefined) found = t.name;
    return found;
  };
}

/** Problems with a `name:token` list (ACCESS_TOKENS or one line of ACCESS_TOKENS_FILE), in words. */
export function parseTokenList(entries: string[], source: string): { tokens: NamedToken[]; problems: string[] } {
  const tokens: NamedToken[] = [];
  const problems: string[] = [];
  for (const [i, raw] of entries.entries()) {
    const entry = raw.trim();
    const colon = entry.indexOf(':');
    const name = entry.slice(0, colon).trim();
    const token = entry.slice(colon + 1).trim();
    const where = `${source} entry ${i + 1}${colon > 0 ? ` (${name})` : ''}`;
    if (colon <= 0) problems.push(`${where}: write it as name:token`);
    else if (!NAME.test(name)) problems.push(`${where}: a name is 1-40 letters, digits, spaces or . _ -`);
    else if (token.length < 8 || !TOKEN68.test(token))
      problems.push(`${where}: a token is 8+ letters, digits or - . _ ~ + / (it is sent as a Bearer token)`);
    else tokens.push({ name, token });
  }
  return { tokens, problems };
}

/** Every person's token from the environment: ACCESS_TOKEN is "owner", then ACCESS_TOKENS, then ACCESS_TOKENS_FILE. */
export function tokensFromEnv(env: { ACCESS_TOKEN?: string; ACCESS_TOKENS?: string; ACCESS_TOKENS_FILE?: string }): {
  tokens: NamedToken[];
  problems: string[];
} {
  const tokens: NamedToken[] = env.ACCESS_TOKEN ? [{ name: 'owner', token: env.ACCESS_TOKEN }] : [];
  const problems: string[] = [];
  const add = (r: { tokens: NamedToken[]; problems: string[] }) => {
    tokens.push(...r.tokens);
    problems.push(...r.problems);
  };
  if (env.ACCESS_TOKENS) add(parseTokenList(env.ACCESS_TOKENS.split(','), 'ACCESS_TOKENS'));
  if (env.ACCESS_TOKENS_FILE) {
    let text = '';
    try {
      text = readFileSync(env.ACCESS_TOKENS_FILE, 'utf8');
    } catch (err) {
      problems.push(
        `ACCESS_TOKENS_FILE: cannot read ${env.ACCESS_TOKENS_FILE} (${(err as NodeJS.ErrnoException).code})`,
      );
    }
    const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#'));
    add(parseTokenList(lines, 'ACCESS_TOKENS_FILE'));
  }
  // Two people with one name (or one token) could not be told apart in "by …".
  const seen = { names: new Set<string>(), tokens: new Set<string>() };
  for (const t of tokens) {
    if (seen.names.has(t.name)) problems.push(`the name "${t.name}" is given twice (ACCESS_TOKEN is named "owner")`);
    if (seen.tokens.has(t.token)) problems.push(`the token of "${t.name}" is also someone else's`);
    seen.names.add(t.name);
    seen.tokens.add(t.token);
  }
  return { tokens, problems };
}

/**
 * Who is asking, by one credential: `Authorization: Bearer <token>` (parsed by `hono/bearer-auth`, which also sends
 * the challenges), else `?token=<token>` (scripts' EventSource, <video src>), else the session cookie a person got by
 * signing in. Every refusal is the same 401 JSON, whether the credential is missing, malformed or wrong.
 *
 * A wrong token (header or query) counts against its client address in `limit`, the sign-in form's own count: an
 * address over it is answered 429 before its token is even compared, so guessing through the API is as slow as
 * through the form. A session cookie is not a token guess and is not held back.
 */
export function accessToken(
  tokens: string | NamedToken[],
  sessions?: SessionStore,
  limit: WrongTokenLimit = wrongTokenLimit(),
): MiddlewareHandler {
  const list = typeof tokens === 'string' ? [{ name: 'owner', token: tokens }] : tokens;
  // A token the header cannot carry would lock every API client out while the server looks healthy: fail at start.
  for (const t of list)
    if (!TOKEN68.test(t.token))
      throw new Error(
        'ACCESS_TOKEN may only use letters, digits and - . _ ~ + / (it is sent as "Authorization: Bearer <token>")',
      );
  const who = tokenBook(list);
  const header = bearerAuth({
    verifyToken: (token, c) => {
      const name = who(token);
      if (name !== undefined) c.set('who', name);
      else limit.wrong(clientAddress(c));
      c.set('via', 'bearer');
      return name !== undefined;
    },
    noAuthenticationHeader: { message: refuse },
    invalidAuthenticationHeader: { message: refuse },
    invalidToken: { message: refuse },
  });
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path) || (c.req.path === SIGN_IN_PATH && c.req.method === 'POST')) return next();
    const query = c.req.query('token');
    const bearer = c.req.header('authorization') !== undefined;
    if (bearer || query !== undefined) {
      const blocked = limit.blocked(clientAddress(c));
      if (blocked) return tooManyWrongTokens(c, blocked);
    }
    if (bearer) return header(c, next);
    if (query !== undefined) {
      const name = who(query);
      if (name === undefined) {
        limit.wrong(clientAddress(c));
        return refuse(c);
      }
      c.set('who', name);
      c.set('via', 'query');
      return next();
    }
    const session = sessions?.fromRequest(c);
    if (session) {
      c.set('who', session.name);
      c.set('via', 'cookie');
      return next();
    }
    return header(c, next); // no credential at all: bearer-auth's refusal with its challenge
  };
}
