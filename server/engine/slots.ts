import PQueue from 'p-queue';
import { Stopped } from './errors.ts';

/**
 * At most `limit` fal/local jobs in flight across all runs (p-queue, FIFO), so a big fan-out does not flood fal's
 * queue (or the local engine's renderers), and waiting jobs start in the order they became ready. A slot is held
 * from `acquire` until its release function is called, across the whole submit → follow → keep of one node.
 */
export function slots(limit: number) {
  const queue = new PQueue({ concurrency: limit });
  return {
    /** Resolves with a release function once a slot is free; rejects with Stopped if `signal` aborts first. */
    acquire(signal?: AbortSignal): Promise<() => void> {
      if (signal?.aborted) return Promise.reject(new Stopped());
      return new Promise((resolve, reject) => {
        let abandoned = false;
        const onAbort = () => {
          abandoned = true;
          reject(new Stopped());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        // The signal is not handed to p-queue: it would also reject a running task and free the slot under a node
        // that still holds it. An abandoned waiter gives its slot straight back when its turn comes.
        void queue.add(
          () =>
            new Promise<void>((free) => {
              signal?.removeEventListener('abort', onAbort);
              if (abandoned) return free();
              let released = false;
              resolve(() => {
                if (!released) (released = true), free();
              });
            }),
        );
      });
    },
    get busy() {
      return queue.pending;
    },
  };
}

export type Slots = ReturnType<typeof slots>;
