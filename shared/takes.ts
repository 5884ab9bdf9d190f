import { sha256Hex } from './canonical.ts';
import type { NodeDef } from './define-node.ts';
import { getNodeDef } from './registry.ts';

/**
 * Takes (issue 13): a generation node may make several results in one go, one per seed, and a pick says which of
 * them feeds downstream. Every take is an ordinary piece of work with its own params (its seed) and so its own
 * fingerprint, cache entry and fal receipt: re-picking, or asking for the same takes again, never pays twice.
 */

/** The most takes one node makes in one go. */
export const MAX_TAKES = 8;
const SEEDS = 2 ** 32;

/** What a node carries about takes (the graph format's optional `data.takes` and `data.pick`). */
export interface TakesData {
  takes?: number;
  pick?: number;
}

/** A generation node: it calls an engine and has a seed param, so another seed makes another result. */
export function canTake(def: NodeDef | undefined): boolean {
  return !!def?.endpoint && 'seed' in (def.params.shape as Record<string, unknown>);
}

/** How many takes the node makes (1 for anything that cannot take). */
export function takesOf(node: { type: string; data: TakesData }): number {
  if (!canTake(getNodeDef(node.type))) return 1;
  return Math.min(MAX_TAKES, Math.max(1, Math.floor(node.data.takes ?? 1)));
}

/** Which take feeds downstream (a pick beyond the takes falls back to the last one). */
export function pickOf(node: { type: string; data: TakesData }): number {
  return Math.min(takesOf(node) - 1, Math.max(0, Math.floor(node.data.pick ?? 0)));
}

/**
 * The seed of take `i`. Take 0 is the node exactly as it is (its own seed, or none: fal picks one), so raising Takes
 * or re-rolling keeps the result it already has. Take i > 0 uses seed + i when a seed is set, else a seed derived
 * from the node's fingerprint and i: the same node asks for the same takes again, and so finds them in the cache.
 */
export function takeSeed(params: Record<string, unknown>, base: string, i: number): number | undefined {
  const seed = params.seed;
  if (i === 0) return typeof seed === 'number' ? seed : undefined;
  if (typeof seed === 'number') return (seed + i) % SEEDS;
  return Number.parseInt(sha256Hex(`${base}:take:${i}`).slice(0, 8), 16) % SEEDS;
}

/** The params take `i` runs with. */
export function takeParams(params: Record<string, unknown>, base: string, i: number): Record<string, unknown> {
  if (i === 0) return params;
  return { ...params, seed: takeSeed(params, base, i) };
}

/** Each take's seed and fingerprint, for a node with more than one take (graphFingerprints fills these). */
export interface TakeSet {
  seeds: (number | undefined)[];
  prints: string[];
  pick: number;
}

/**
 * A node's data with new takes and pick (and a params patch: a promoted take's seed), in the graph format's shape:
 * one take and the first pick are the defaults, so they are left out.
 */
export function withTakes<D extends { params: Record<string, unknown> } & TakesData>(
  data: D,
  next: TakesData,
  params: Record<string, unknown> = {},
): D {
  const merged = { ...data.params };
  for (const [k, v] of Object.entries(params))
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  const takes = Math.min(MAX_TAKES, Math.max(1, Math.floor(next.takes ?? data.takes ?? 1)));
  const pick = Math.min(takes - 1, Math.max(0, Math.floor(next.pick ?? data.pick ?? 0)));
  const { takes: _t, pick: _p, ...rest } = data;
  return { ...rest, params: merged, ...(takes > 1 ? { takes } : {}), ...(pick > 0 ? { pick } : {}) } as D;
}
