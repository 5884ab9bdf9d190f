import { describe, expect, it } from 'vitest';
import { readableViewport, READABLE_ZOOM } from '../../client/canvas/fit-readable.ts';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { crowds, freeSpot, GAP, NODE_SIZE, rectOf, type Rect } from '../../client/store/free-spot.ts';
import type { FlowNode } from '../../client/store/types.ts';

const box = (x: number, y: number, width = NODE_SIZE.width, height = NODE_SIZE.height): Rect => ({
  x,
  y,
  width,
  height,
});
const clearOfAll = (rects: Rect[]) => rects.every((a, i) => rects.every((b, j) => i === j || !crowds(a, b, GAP - 0.5)));

describe('freeSpot', () => {
  it('keeps the wanted position when it is free', () => {
    expect(freeSpot([box(0, 0)], { x: 600, y: 0 }, NODE_SIZE)).toEqual({ x: 600, y: 0 });
  });

  it('moves off a node to the nearest spot that keeps a gap', () => {
    const taken = [box(0, 0)];
    const at = freeSpot(taken, { x: 20, y: 20 }, NODE_SIZE);
    expect(clearOfAll([...taken, box(at.x, at.y)])).toBe(true);
    // Nearest: just below the node (140 + gap down) rather than right of it (240 + gap across).
    expect(at).toEqual({ x: 20, y: 140 + GAP });
  });

  it('never goes left of minX, even when the left is nearer', () => {
    const taken = [box(0, 0), box(400, 0), box(400, 180)];
    const at = freeSpot(taken, { x: 400, y: 0 }, NODE_SIZE, { minX: 400 });
    expect(at.x).toBeGreaterThanOrEqual(400);
    expect(clearOfAll([...taken, box(at.x, at.y)])).toBe(true);
  });

  it('finds room in a crowded grid', () => {
    const taken = Array.from({ length: 25 }, (_, i) => box((i % 5) * 280, Math.floor(i / 5) * 180));
    const at = freeSpot(taken, { x: 560, y: 360 }, NODE_SIZE);
    expect(clearOfAll([...taken, box(at.x, at.y)])).toBe(true);
  });
});

const node = (id: string, x: number, y: number, selected = false): FlowNode => ({
  id,
  type: 'prompt',
  position: { x, y },
  data: { params: { text: id } },
  selected,
  measured: { width: 240, height: 120 },
});

describe('paste and duplicate', () => {
  it('place copies clear of every node and keep their layout among themselves', () => {
    const store = createEditorStore({ nodes: [node('a', 0, 0, true), node('b', 300, 60, true), node('c', 40, 240)] });
    const s = () => store.getState();
    s().duplicate();
    s().copy();
    s().paste();
    s().paste({ x: 10, y: 10 }); // pointer right on top of node a
    // As React Flow measures them once drawn: the copies are the originals' size.
    const all = s().nodes.map((n) => ({ ...n, measured: { width: 240, height: 120 } }));
    expect(all).toHaveLength(9);
    expect(clearOfAll(all.map(rectOf))).toBe(true);
    // Every pasted pair sits exactly as the originals did relative to each other.
    const pairs = [all.slice(3, 5), all.slice(5, 7), all.slice(7, 9)];
    for (const [p, q] of pairs)
      expect({ dx: q.position.x - p.position.x, dy: q.position.y - p.position.y }).toEqual({ dx: 300, dy: 60 });
    s().undo();
    expect(s().nodes).toHaveLength(7);
  });

  it('pastes at the pointer when that spot is free', () => {
    const store = createEditorStore({ nodes: [node('a', 0, 0, true)] });
    store.getState().copy();
    store.getState().paste({ x: 900, y: 500 });
    expect(store.getState().nodes.at(-1)!.position).toEqual({ x: 900, y: 500 });
  });
});

describe('readableViewport', () => {
  const view = { width: 1000, height: 700 };
  it('centres a small graph at up to 100 %', () => {
    const v = readableViewport(box(0, 0, 400, 200), view);
    expect(v.zoom).toBe(1);
    expect(v.x).toBe(300);
    expect(v.y).toBe(250);
  });

  it('shrinks a medium graph to fit, but not below the readable zoom', () => {
    const v = readableViewport(box(0, 0, 1000, 300), view);
    expect(v.zoom).toBeCloseTo((1000 - 96) / 1000);
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
  });

  it('frames the start of a graph too big to read whole', () => {
    const v = readableViewport(box(-200, 100, 8000, 3000), view);
    expect(v.zoom).toBe(READABLE_ZOOM);
    // Left end and top of the graph just inside the view.
    expect(-200 * v.zoom + v.x).toBeCloseTo(48);
    expect(100 * v.zoom + v.y).toBeCloseTo(48);
    expect(13 * v.zoom).toBeGreaterThanOrEqual(10); // a node title on screen
  });
});
