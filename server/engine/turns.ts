/**
 * Takes turns with the rest of the server: queued work runs in FIFO order in slices of at most `budgetMs`, yielding
 * to the event loop between slices (setImmediate), so 200 runs started at once do not hold up timers, polls and
 * event streams for the whole burst.
 */
export function turns(budgetMs = 4) {
  const queue: (() => void)[] = [];
  let scheduled = false;

  function drain() {
    scheduled = false;
    const t0 = performance.now();
    while (queue.length && performance.now() - t0 < budgetMs) {
      const work = queue.shift()!;
      try {
        work();
      } catch (err) {
        console.error('turn failed:', err);
      }
    }
    if (queue.length) schedule();
  }

  function schedule() {
    if (!scheduled) (scheduled = true), setImmediate(drain);
  }

  return {
    /** Runs `work` in a later turn. */
    later(work: () => void) {
      queue.push(work);
      schedule();
    },
    get waiting() {
      return queue.length;
    },
  };
}
