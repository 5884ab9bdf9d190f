import type { RunPlan } from './run-plan.ts';

/**
 * A run's ready-queue (design.md §3): each node keeps a count of unfinished inputs and is ready the moment it reaches
 * zero, so a fast branch never waits for an unrelated slow one.
 */
export class ReadyQueue {
  private readonly waiting = new Map<string, number>();
  /** Nodes in scope that have not finished. */
  unfinished = 0;

  constructor(private readonly plan: RunPlan) {}

  /** Counts what is left of a run (a resumed one has finished nodes already); returns the nodes ready now. */
  begin(isFinished: (id: string) => boolean): string[] {
    const ready: string[] = [];
    for (const id of this.plan.scope) {
      if (isFinished(id)) continue;
      this.unfinished++;
      const count = [...this.plan.upstream.get(id)!].filter((u) => !isFinished(u)).length;
      this.waiting.set(id, count);
      if (count === 0) ready.push(id);
    }
    return ready;
  }

  /** Counts `id` as finished; returns every dependent whose inputs are now all finished. */
  finished(id: string): string[] {
    this.unfinished--;
    const ready: string[] = [];
    for (const d of this.plan.downstream.get(id) ?? []) {
      const left = (this.waiting.get(d) ?? 1) - 1;
      this.waiting.set(d, left);
      if (left === 0) ready.push(d);
    }
    return ready;
  }
}
