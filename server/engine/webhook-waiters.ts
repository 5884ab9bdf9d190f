/**
 * Pollers waiting for a fal webhook, by request id. The webhook only wakes the poller, which then asks fal itself:
 * a forged or replayed webhook can at worst cause an early status check, never a wrong result.
 */
export function webhookWaiters() {
  const waiting = new Map<string, Set<() => void>>();
  // A webhook can land while the poller is mid-request (not yet waiting): remember it so the next wait returns at
  // once. Bounded, because ids we never wait for (other servers' jobs, forgeries) would otherwise pile up.
  const early = new Set<string>();
  const EARLY_MAX = 1000;
  const drop = (requestId: string, fn: () => void) => {
    const set = waiting.get(requestId);
    set?.delete(fn);
    if (set && !set.size) waiting.delete(requestId);
  };
  return {
    /** A wait for `requestId`'s webhook. `cancel` removes it: each poll makes one, and none may outlive its poll. */
    wait(requestId: string): { promise: Promise<void>; cancel(): void } {
      if (early.delete(requestId)) return { promise: Promise.resolve(), cancel: () => {} };
      let done!: () => void;
      const promise = new Promise<void>((resolve) => {
        done = () => {
          drop(requestId, done);
          resolve();
        };
      });
      let set = waiting.get(requestId);
      if (!set) waiting.set(requestId, (set = new Set()));
      set.add(done);
      return { promise, cancel: () => drop(requestId, done) };
    },
    notify(requestId: string): boolean {
      const set = waiting.get(requestId);
      if (!set) {
        if (early.size >= EARLY_MAX) early.delete(early.values().next().value!);
        early.add(requestId);
        return false;
      }
      for (const fn of [...set]) fn();
      return true;
    },
    /** Waits currently held (tests: none may be left after a run). */
    get size() {
      let n = 0;
      for (const s of waiting.values()) n += s.size;
      return n;
    },
  };
}
