import pg from 'pg';
import { Stopped } from '../engine/errors.ts';
import type { Slots } from '../engine/slots.ts';
import { CHANNELS, type Bus } from './bus.ts';

/** Advisory-lock key space of pikaflow's fal slots (any constant unlikely to clash with another app's). */
const LOCK_SPACE = 0x70_69_6b_61; // "pika"
/** A waiter with no slot free tries again this often even if no "slot given back" notification reaches it. */
const RETRY_MS = 250;

/**
 * The fal concurrency limit across a whole team server: slot k is Postgres advisory lock (LOCK_SPACE, k). A worker
 * holds all its slots on one connection of its own, so a worker that dies (even SIGKILL) loses that connection and
 * Postgres frees its slots at once: no lease to expire, nothing to clean up, one connection however many it holds.
 * Same interface as the in-process slots (slots.ts).
 */
export async function clusterSlots(
  connectionString: string,
  limit: number,
  bus: Bus,
): Promise<Slots & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString });
  // A dropped connection frees this worker's slots in Postgres; its holders finish anyway (say so, do not crash).
  client.on('error', (err) => console.error('fal slots: connection to Postgres lost:', err.message));
  await client.connect();
  // Advisory locks stack within one session: a slot this worker holds would be granted to it again. Never ask for one.
  const mine = new Set<number>();
  const wakers = new Set<() => void>();
  const offSlot = bus.on(CHANNELS.slot, () => {
    for (const w of [...wakers]) w();
  });
  // One statement at a time on the connection (pg deprecates overlapping queries on one client), and each step reads
  // `mine` only when its turn comes: two waiters must never both be granted a slot this session already holds.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
    const next = turn.then(step);
    turn = next.catch(() => {});
    return next;
  };

  /** One round trip: the first free slot (in a random order, so workers do not all fight for slot 0) is taken. */
  const take = () =>
    inTurn(async () => {
      const free = [...Array(limit).keys()].filter((k) => !mine.has(k)).sort(() => Math.random() - 0.5);
      if (!free.length) return undefined;
      const { rows } = await client.query<{ k: number }>(
        'SELECT k FROM unnest($2::int[]) AS k WHERE pg_try_advisory_lock($1, k) LIMIT 1',
        [LOCK_SPACE, free],
      );
      const k = rows[0]?.k;
      if (k !== undefined) mine.add(k);
      return k;
    });
  const give = (k: number) =>
    inTurn(async () => {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, k]).catch(() => {});
      mine.delete(k);
      bus.notify(CHANNELS.slot, String(k));
    });

  async function tryOnce(): Promise<(() => void) | undefined> {
    const k = await take();
    if (k === undefined) return undefined;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      void give(k);
    };
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
      return mine.size;
    },
    async close() {
      offSlot();
      await turn;
      await client.end().catch(() => {});
    },
  };
}
