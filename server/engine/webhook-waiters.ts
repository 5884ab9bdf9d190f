/**
 * Pollers waiting for a fal webhook, by request id. The webhook only wakes the poller, which then asks fal itself:
 * a forged or replayed webhook can at worst cause an early status check, never a wrong result.
 */
export function webhookWaiters() {
  const waiting = new Map<string, Set<() => void>>();
  return {
    wait(requestId: string): Promise<void> {
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
      if (!set) return false;
      for (const fn of [...set]) fn();
      return true;
    },
  };
}
