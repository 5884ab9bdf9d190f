import { newId } from './graph-doc.ts';
import type { FlowEdge, FlowNode, Snapshot } from './types.ts';

/** The selected nodes and only the edges running between them (an edge to an unselected node would dangle). */
export function copySelection(doc: Snapshot): Snapshot | null {
  const nodes = doc.nodes.filter((n) => n.selected);
  if (!nodes.length) return null;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  // Exposed inputs stay with the originals: a pasted copy exposing the same name would clash.
  return structuredClone({ nodes: nodes.map(strip), edges: edges.map((e) => ({ ...e, selected: false })), inputs: [] });
}

function strip(n: FlowNode): FlowNode {
  return { id: n.id, type: n.type, position: n.position, data: n.data };
}

/**
 * Fresh copies of a clipboard, offset so they do not hide the originals; ids are new and the inner edges are
 * rewired to the copies. The copies come selected, so a paste can be dragged away at once.
 */
export function pasteInto(doc: Snapshot, clip: Snapshot, offset = { x: 40, y: 40 }): Snapshot {
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
