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
  return {
    wait(requestId: string): Promise<void> {
      if (early.delete(requestId)) return Promise.resolve();
      return new Promise((resolve) => {
        let set = waiting.get(requestId);
        if (!set) waiting.set(requestId, (set = new Set()));
        const done = () => {
          set.delete(done);
          if (!set.size) waiting.delete(requestId);
          resolve();
        };
        set.add(done);
      });
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
  };
}
