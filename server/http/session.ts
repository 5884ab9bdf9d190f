import type { MiddlewareHandler } from 'hono';
import type { Db } from '../store/db.ts';
import { accessToken, tokenBook, type NamedToken } from './access-token.ts';
import type { Access } from './session-routes.ts';
import { DAY_MS, sessionStore } from './session-store.ts';
import { wrongTokenLimit } from './sign-in-limit.ts';

export interface AccessOptions {
  /** ACCESS_TOKEN alone (named "owner"). */
  accessToken?: string;
  /** Named tokens, one per person (ACCESS_TOKENS / ACCESS_TOKENS_FILE). */
  accessTokens?: NamedToken[];
  /** How long a sign-in lasts (default 30 days). */
  sessionDays?: number;
}

/**
 * Access control from the server's options: undefined when no token is set (a loopback server for one person), else
 * the guard for /api and /media and what the session routes need. Both share one token book, one session table and
 * one count of wrong tokens: a guess costs the same whether it comes through the sign-in form or the API.
 */
export function accessControl(o: AccessOptions, db: Db): { access: Access; guard: MiddlewareHandler } | undefined {
  const tokens = [...(o.accessToken ? [{ name: 'owner', token: o.accessToken }] : []), ...(o.accessTokens ?? [])];
  if (!tokens.length) return undefined;
  const sessions = sessionStore(db, {
    ttlMs: (o.sessionDays ?? 30) * DAY_MS,
    names: new Set(tokens.map((t) => t.name)),
  });
  const limit = wrongTokenLimit();
  return { access: { who: tokenBook(tokens), sessions, limit }, guard: accessToken(tokens, sessions, limit) };
}
