import pg from 'pg';
import { Stopped } from '../engine/errors.ts';
import type { Slots } from '../engine/slots.ts';
import { CHANNELS, type Bus } from './bus.ts';

/** Advisory-lock key space of pikaflow's fal slots (any constant unlikely to clash with another app's). */
const LOCK_SPACE = 0x70_69_6b_61; // "pika"
/** A waiter with no slot free tries again this often even if no "slot given back" notification reaches it. */
const RETRY_MS = 250;

/**
 * The fal concurrency limit across a whole team server: slot k is Postgres advisory lock (LOCK_SPACE, k), held on its
 * own connection from acquire to release. A worker that dies (even SIGKILL) loses its connections and Postgres frees
 * its slots at once: no lease to expire, nothing to clean up. Same interface as the in-process slots (slots.ts).
 */
export function clusterSlots(connectionString: string, limit: number, bus: Bus): Slots & { close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString, max: limit + 1 });
  pool.on('error', () => {}); // a held slot's connection dropping is seen on its next query
  const wakers = new Set<() => void>();
  const offSlot = bus.on(CHANNELS.slot, () => {
    for (const w of [...wakers]) w();
  });
  let held = 0;

  /** One pass over the slots, from a random start so waiters do not all fight for slot 0. */
  async function tryOnce(): Promise<(() => void) | undefined> {
    const client = await pool.connect();
    const start = Math.floor(Math.random() * limit);
    for (let i = 0; i < limit; i++) {
      const k = (start + i) % limit;
      const { rows } = await client.query('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_SPACE, k]);
      if (!rows[0].ok) continue;
      held++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held--;
        client
          .query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, k])
          .then(() => client.release())
          .catch((err) => client.release(err))
          .finally(() => bus.notify(CHANNELS.slot, String(k)));
      };
    }
    client.release();
    return undefined;
  }

  return {
    async acquire(signal?: AbortSignal) {
      while (true) {
        if (signal?.aborted) throw new Stopped();
        const release = await tryOnce();
        if (release) {
          // Aborted while the lock was being taken: give it straight back.
          if (signal?.aborted) {
            release();
            throw new Stopped();
          }
          return release;
        }
        await new Promise<void>((wake) => {
          const done = () => {
            clearTimeout(timer);
            wakers.delete(done);
            signal?.removeEventListener('abort', done);
            wake();
          };
          const timer = setTimeout(done, RETRY_MS);
          wakers.add(done);
          signal?.addEventListener('abort', done, { once: true });
        });
      }
    },
    get busy() {
      return held;
    },
    async close() {
      offSlot();
      await pool.end();
    },
  };
}
