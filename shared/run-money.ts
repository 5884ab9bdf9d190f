import type { NodeRunState } from './api.ts';

/** Rounded to 1/10000 USD so float sums stay readable. */
export const usd = (total: number) => Math.round(total * 10000) / 10000;

/** Money a run's nodes recorded. */
export function sumCost(nodes: Record<string, NodeRunState>): number {
  let total = 0;
  for (const n of Object.values(nodes)) total += n.cost ?? 0;
  return usd(total);
}

/** What a preview's nodes would have cost on fal. */
export function sumEstimate(nodes: Iterable<NodeRunState | undefined>): number {
  let total = 0;
  for (const n of nodes) total += n?.estimate ?? 0;
  return usd(total);
}
