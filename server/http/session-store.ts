import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Db } from '../store/db.ts';
import { SESSION_COOKIE } from './access-token.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface Session {
  name: string;
  expiresAt: string;
}

/**
 * Sign-ins, kept server-side so signing out really ends one. The table holds a digest of each id, never the id
 * itself: a copy of the database does not hand out live sessions.
 */
export function sessionStore(db: Db, o: { ttlMs: number; names: Set<string> }) {
  const key = (id: string) => createHash('sha256').update(id).digest('hex');
  const store = {
    ttlMs: o.ttlMs,
    /** A new session for `name`: its id (the cookie's value, 256 random bits) and when it ends. */
    create(name: string): { id: string; expiresAt: string } {
      const now = Date.now();
      const id = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now + o.ttlMs).toISOString();
      db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(new Date(now).toISOString());
      db.prepare('INSERT INTO sessions (id_hash, name, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
        key(id),
        name,
        new Date(now).toISOString(),
        expiresAt,
      );
      return { id, expiresAt };
    },
    /** The live session with this id; an expired one, or one whose person lost their token, is forgotten. */
    get(id: string): Session | undefined {
      const row = db.prepare('SELECT name, expires_at FROM sessions WHERE id_hash = ?').get(key(id)) as
        | { name: string; expires_at: string }
        | undefined;
      if (!row) return undefined;
      if (Date.parse(row.expires_at) <= Date.now() || !o.names.has(row.name)) {
        store.end(id);
        return undefined;
      }
      return { name: row.name, expiresAt: row.expires_at };
    },
    fromRequest(c: Context): Session | undefined {
      const id = getCookie(c, SESSION_COOKIE);
      return id ? store.get(id) : undefined;
    },
    end(id: string): void {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(key(id));
    },
  };
  return store;
}

export type SessionStore = ReturnType<typeof sessionStore>;
