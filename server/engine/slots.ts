import { Stopped } from './errors.ts';

/**
 * A FIFO counting semaphore: at most `limit` fal/local jobs in flight across all runs, so a big fan-out does not
 * flood fal's queue (or the local engine's renderers), and waiting jobs start in the order they became ready.
 */
export function slots(limit: number) {
  let busy = 0;
  const waiting: { go: () => void; signal?: AbortSignal }[] = [];

  function release() {
    busy--;
    while (waiting.length) {
      const next = waiting.shift()!;
      if (next.signal?.aborted) continue;
      busy++;
      next.go();
      return;
    }
  }

  return {
    /** Resolves with a release function once a slot is free; rejects with Stopped if `signal` aborts first. */
    acquire(signal?: AbortSignal): Promise<() => void> {
      if (signal?.aborted) return Promise.reject(new Stopped());
      let released = false;
      const once = () => {
        if (!released) (released = true), release();
      };
      if (busy < limit) {
        busy++;
        return Promise.resolve(once);
      }
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1), reject(new Stopped());
        };
        const entry = {
          go: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve(once);
          },
          signal,
        };
        waiting.push(entry);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    get busy() {
      return busy;
    },
  };
}

export type Slots = ReturnType<typeof slots>;
