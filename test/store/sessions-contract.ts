import { describe, expect, it } from 'vitest';
import { DAY_MS, sessionStore } from '../../server/http/session-store.ts';
import type { Store } from '../../server/store/index.ts';
import { at, type OpenStore, useStore } from './use-store.ts';

/** The store contract, continued: sign-in sessions (server/http/session-store.ts) on the same database. */
export function sessionsContract(kind: Store['kind'], open: OpenStore) {
  describe(`store contract: sessions (${kind})`, () => {
    const { s } = useStore(open);
    const sessions = (names = ['ana', 'ben']) => sessionStore(s().db, { ttlMs: DAY_MS, names: new Set(names) });
    const count = () => s().db.prepare('SELECT COUNT(*) FROM sessions').pluck().get();

    it('finds a live session by its id, never stores the id itself, and ends it on sign-out', () => {
      const { id, expiresAt } = sessions().create('ana');
      expect(expiresAt).toBe('2026-03-02T10:00:00.000Z');
      expect(sessions().get(id)).toEqual({ name: 'ana', expiresAt });
      expect(s().db.prepare('SELECT id_hash FROM sessions').pluck().all()).not.toContain(id);
      expect(sessions().get('forged')).toBeUndefined();
      sessions().end(id);
      expect(sessions().get(id)).toBeUndefined();
      expect(count()).toBe(0);
    });

    it('forgets a session once it expires or its person loses their token', () => {
      const ana = sessions().create('ana');
      const ben = sessions().create('ben');
      expect(sessions(['ana']).get(ben.id)).toBeUndefined();
      expect(count()).toBe(1);
      at('2026-03-02T10:00:00.000Z');
      expect(sessions().get(ana.id)).toBeUndefined();
      expect(count()).toBe(0);
      // A new sign-in sweeps expired sessions nobody asked about again.
      at('2026-03-05T00:00:00.000Z');
      sessions().create('ben');
      at('2026-03-07T00:00:00.000Z');
      sessions().create('ana');
      expect(count()).toBe(1);
    });
  });
}
