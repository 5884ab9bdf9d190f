import type { XYPosition } from '@xyflow/react';
import type { FlowNode } from './types.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node not measured yet (just added or pasted) is taken at the usual node size, so it is never undersized. */
export const NODE_SIZE = { width: 240, height: 140 };
/** Clear space kept between a placed node and its neighbours (handles and wires need room). */
export const GAP = 32;
/** How far right of a node the next one in a chain goes: wide enough for a readable wire. */
export const CHAIN_GAP = 90;

export const rectOf = (n: FlowNode): Rect => ({
  x: n.position.x,
  y: n.position.y,
  width: n.measured?.width ?? n.width ?? NODE_SIZE.width,
  height: n.measured?.height ?? n.height ?? NODE_SIZE.height,
});

/** The box around several rects (undefined for none). */
export function boundsOf(rects: readonly Rect[]): Rect | undefined {
  if (!rects.length) return undefined;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** Whether two rects come closer than `gap` (touching at exactly `gap` is fine). */
export function crowds(a: Rect, b: Rect, gap = GAP): boolean {
  return (
    a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap
  );
}

/**
 * The position nearest to `want` where a box of `size` keeps `gap` clear of every rect in `taken`. The nearest free
 * spot always lines up with `want` or with an edge of some taken rect on each axis, so those lines are the only
 * candidates to try, nearest first. `minX` keeps the box to the right of a line (a node chained after another must
 * not jump to its left).
 */
export function freeSpot(
  taken: readonly Rect[],
  want: XYPosition,
  size: { width: number; height: number },
  opts: { gap?: number; minX?: number } = {},
): XYPosition {
  const gap = opts.gap ?? GAP;
  const minX = opts.minX ?? Number.NEGATIVE_INFINITY;
  const near = taken.filter((r) => r.x + r.width + gap > minX);
  const xs = [want.x, ...near.flatMap((r) => [r.x + r.width + gap, r.x - gap - size.width])].filter((x) => x >= minX);
  const ys = [want.y, ...near.flatMap((r) => [r.y + r.height + gap, r.y - gap - size.height])];
  const candidates: { x: number; y: number; d: number }[] = [];
  for (const x of new Set(xs))
    for (const y of new Set(ys)) candidates.push({ x, y, d: (x - want.x) ** 2 + (y - want.y) ** 2 });
  candidates.sort((a, b) => a.d - b.d);
  for (const c of candidates) {
    const box = { x: c.x, y: c.y, width: size.width, height: size.height };
    if (!near.some((r) => crowds(box, r, gap))) return { x: c.x, y: c.y };
  }
  // Unreachable (right of every rect is always free), but a position is still better than a throw.
  return { x: Math.max(want.x, ...near.map((r) => r.x + r.width + gap)), y: want.y };
}

/**
 * How far to move a group (a paste or a duplicate) from where it was copied so that it lands as near `want` (its
 * top-left) as it can without touching any node in `taken`. The group moves as one, so its own layout is kept.
 */
export function freeGroupOffset(taken: readonly Rect[], group: readonly Rect[], want: XYPosition): XYPosition {
  const box = boundsOf(group);
  if (!box) return { x: 0, y: 0 };
  const at = freeSpot(taken, want, box);
  return { x: at.x - box.x, y: at.y - box.y };
}
