import { Stopped } from './errors.ts';

/**
 * Work in progress by fingerprint, shared by every run of one engine. Two runs needing the same result at the same
 * time (two batch items, the same graph started twice) must not pay for it twice: the first produces it, the others
 * wait for it and then find it in the cache. Re-rolled nodes carry their own salt, so they never meet here.
 */
export function inFlight() {
  const work = new Map<string, Promise<unknown>>();
  return {
    /** The production of `key` another run has started, if any. */
    get: (key: string): Promise<unknown> | undefined => work.get(key),
    /** Runs `produce` as the one producer of `key`; others see it through `get` until it settles. */
    async lead<T>(key: string, produce: () => Promise<T>): Promise<T> {
      const p = produce();
      work.set(key, p);
      try {
        return await p;
      } finally {
        if (work.get(key) === p) work.delete(key);
      }
    },
    get size() {
      return work.size;
    },
  };
}

export type InFlight = ReturnType<typeof inFlight>;

/**
 * Resolves once `p` settles either way (the waiter then looks at the cache: a failed producer leaves it empty and the
 * waiter produces itself), or throws Stopped when the waiter's own run is cancelled first.
 */
export function settledOrStopped(p: Promise<unknown>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new Stopped());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(new Stopped());
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    p.then(done, done);
  });
}
