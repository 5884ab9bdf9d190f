import type { Graph } from './graph.ts';
import { getNodeDef } from './registry.ts';
import { takesOf } from './takes.ts';

export interface CostEstimate {
  /** USD for the nodes that will run. */
  total: number;
  /** USD per node id (0 for skipped or cached nodes). */
  perNode: Record<string, number>;
  /** True when any counted price is a guess (not published by fal). */
  includesGuesses: boolean;
}

/**
 * Sum of each node's `cost` over the nodes that will really run. `skip` holds nodes that cost nothing this time
 * (cached, or outside a "run up to" selection). A node with takes costs its price once per take; `takesToRun` says how
 * many of them really run (the others are cached) when the caller knows.
 */
export function estimateCost(
  graph: Pick<Graph, 'nodes'>,
  skip: ReadonlySet<string> = new Set(),
  takesToRun: Record<string, number> = {},
): CostEstimate {
  const perNode: Record<string, number> = {};
  let total = 0;
  let includesGuesses = false;
  for (const n of graph.nodes) {
    const def = getNodeDef(n.type);
    const parsed = def?.params.safeParse(n.data.params);
    // Canvas items (notes, groups) and bypassed nodes never call anything.
    if (!def || !parsed?.success || skip.has(n.id) || def.annotation || n.data.bypass) {
      perNode[n.id] = 0;
      continue;
    }
    const usd = def.cost(parsed.data as Record<string, unknown>) * (takesToRun[n.id] ?? takesOf(n));
    perNode[n.id] = usd;
    total += usd;
    if (usd > 0 && def.costIsGuess) includesGuesses = true;
  }
  return { total: Math.round(total * 10000) / 10000, perNode, includesGuesses };
}
