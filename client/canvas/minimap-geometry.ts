import type { InternalNode } from '@xyflow/react';

/**
 * The mini map's geometry, computed as React Flow's <MiniMap> computes it (@xyflow/react 12: MiniMapComponent and
 * its node wrappers), so CanvasMiniMap draws the same picture: nodes' absolute measured boxes, hidden nodes left out,
 * the frame fitted around nodes and view with a margin of 5 map units.
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NodeRect extends Box {
  id: string;
  type?: string;
  /** False for a node not measured yet: it counts in the bounds (at its size so far) but has no rectangle. */
  drawn: boolean;
}

/** The boxes of the shown nodes, in flow units. */
export function nodeRects(
  nodes: readonly { id: string; type?: string }[],
  lookup: ReadonlyMap<string, InternalNode>,
): NodeRect[] {
  const out: NodeRect[] = [];
  for (const n of nodes) {
    const node = lookup.get(n.id);
    if (!node || node.hidden) continue;
    const w = node.measured?.width ?? node.width ?? node.initialWidth;
    const h = node.measured?.height ?? node.height ?? node.initialHeight;
    const { x, y } = node.internals.positionAbsolute;
    out.push({
      id: n.id,
      type: n.type,
      x,
      y,
      width: w ?? 0,
      height: h ?? 0,
      drawn: w !== undefined && h !== undefined,
    });
  }
  return out;
}

/** The smallest box holding every box given (undefined for none). */
export function unionBox(boxes: readonly Box[]): Box | undefined {
  if (!boxes.length) return undefined;
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    x1 = Math.min(x1, b.x);
    y1 = Math.min(y1, b.y);
    x2 = Math.max(x2, b.x + b.width);
    y2 = Math.max(y2, b.y + b.height);
  }
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

export interface Frame extends Box {
  /** Flow units per map pixel before the margin: what a pan of the map multiplies. */
  viewScale: number;
  /** The margin around the content, in flow units. */
  offset: number;
  /** Map pixels per flow unit, as the SVG fits the frame into the map (preserveAspectRatio "xMidYMid meet"). */
  scale: number;
}

/** The part of the flow a `width` × `height` map shows around `content`. */
export function minimapFrame(content: Box, width: number, height: number): Frame {
  const viewScale = Math.max(content.width / width, content.height / height);
  const offset = 5 * viewScale;
  const frameWidth = viewScale * width + offset * 2;
  const frameHeight = viewScale * height + offset * 2;
  return {
    x: content.x - (viewScale * width - content.width) / 2 - offset,
    y: content.y - (viewScale * height - content.height) / 2 - offset,
    width: frameWidth,
    height: frameHeight,
    viewScale,
    offset,
    scale: Math.min(width / frameWidth, height / frameHeight),
  };
}
