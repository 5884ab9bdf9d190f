import type { XYPosition } from '@xyflow/react';
import { freeGroupOffset, rectOf } from './free-spot.ts';
import { newId } from './graph-doc.ts';
import type { FlowEdge, FlowNode, Snapshot } from './types.ts';

/** The selected nodes and only the edges running between them (an edge to an unselected node would dangle). */
export function copySelection(doc: Snapshot): Snapshot | null {
  const nodes = doc.nodes.filter((n) => n.selected);
  if (!nodes.length) return null;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  // Exposed inputs stay with the originals: a pasted copy exposing the same name would clash.
  // The clipboard keeps each node's measured size, so a paste knows how much room it needs.
  const kept = nodes.map((n) => ({ ...strip(n), ...(n.measured ? { measured: n.measured } : {}) }));
  return structuredClone({ nodes: kept, edges: edges.map((e) => ({ ...e, selected: false })), inputs: [] });
}

function strip(n: FlowNode): FlowNode {
  return { id: n.id, type: n.type, position: n.position, data: n.data };
}

/** Where a paste goes when no pointer says otherwise: just down and right of where it was copied. */
const NUDGE = 40;

/**
 * Fresh copies of a clipboard, placed with their top-left as near `at` as possible (default: a little down and right
 * of the originals) without overlapping any node, keeping the copies' layout among themselves; ids are new and the
 * inner edges are rewired to the copies. The copies come selected, so a paste can be dragged away at once.
 */
export function pasteInto(doc: Snapshot, clip: Snapshot, at?: XYPosition): Snapshot {
  const group = clip.nodes.map(rectOf);
  const left = Math.min(...group.map((r) => r.x));
  const top = Math.min(...group.map((r) => r.y));
  const offset = freeGroupOffset(doc.nodes.map(rectOf), group, at ?? { x: left + NUDGE, y: top + NUDGE });
  const taken = new Set([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);
  const map = new Map<string, string>();
  const nodes: FlowNode[] = clip.nodes.map((n) => {
    const id = newId(n.type ?? 'node', taken);
    taken.add(id);
    map.set(n.id, id);
    return {
      ...structuredClone(strip(n)),
      id,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      selected: true,
    };
  });
  const edges: FlowEdge[] = clip.edges.map((e) => {
    const id = newId('e', taken);
    taken.add(id);
    return { ...structuredClone(e), id, source: map.get(e.source)!, target: map.get(e.target)!, selected: false };
  });
  return {
    nodes: [...doc.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes],
    edges: [...doc.edges, ...edges],
    inputs: doc.inputs,
  };
}
