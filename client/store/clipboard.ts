import type { XYPosition } from '@xyflow/react';
import { freeGroupOffset, rectOf } from './free-spot.ts';
import { newId } from './graph-doc.ts';
import { isGroup } from './group-geometry.ts';
import type { FlowEdge, FlowNode, Snapshot } from './types.ts';

const at2 = (p: XYPosition, d: XYPosition) => ({ x: p.x + d.x, y: p.y + d.y });
const membersList = (g: FlowNode) => (g.data.params.members as string[] | undefined) ?? [];

/** The selected nodes and only the edges running between them (an edge to an unselected node would dangle). */
export function copySelection(doc: Snapshot): Snapshot | null {
  const ids = withFoldedMembers(
    doc.nodes,
    doc.nodes.filter((n) => n.selected),
  );
  if (!ids.size) return null;
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  // Exposed inputs stay with the originals: a pasted copy exposing the same name would clash.
  // The clipboard keeps each node's measured size, so a paste knows how much room it needs.
  const kept = nodes.map((n) => ({ ...strip(n), ...(n.measured ? { measured: n.measured } : {}) }));
  return structuredClone({ nodes: kept, edges: edges.map((e) => ({ ...e, selected: false })), inputs: [] });
}

/**
 * The selected ids plus the nodes a selected folded group hides (and theirs, for folds inside folds): a copied bar
 * brings its nodes, or the copy would claim the original's hidden nodes as its own.
 */
function withFoldedMembers(all: readonly FlowNode[], chosen: readonly FlowNode[]): Set<string> {
  const byId = new Map(all.map((n) => [n.id, n]));
  const ids = new Set<string>();
  const take = (n: FlowNode) => {
    if (ids.has(n.id)) return;
    ids.add(n.id);
    if (!isGroup(n) || !n.data.params.collapsed) return;
    for (const m of (n.data.params.members as string[] | undefined) ?? []) if (byId.has(m)) take(byId.get(m)!);
  };
  for (const n of chosen) take(n);
  return ids;
}

/** A pasted folded group hides its own copies: its member list is rewritten to the new ids. */
function remapMembers(n: FlowNode, map: ReadonlyMap<string, string>): FlowNode {
  const members = n.data.params.members as string[] | undefined;
  if (!isGroup(n) || !members?.length) return n;
  const params = { ...n.data.params, members: members.flatMap((m) => (map.has(m) ? [map.get(m)!] : [])) };
  return { ...n, data: { ...n.data, params } };
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
  for (const n of clip.nodes) {
    const id = newId(n.type ?? 'node', taken);
    taken.add(id);
    map.set(n.id, id);
  }
  const copies = clip.nodes.map((n) =>
    remapMembers({ ...structuredClone(strip(n)), id: map.get(n.id)!, position: at2(n.position, offset) }, map),
  );
  // Selected, except what a pasted fold hides (a hidden selected node would be deleted or dragged unseen).
  const hidden = new Set(copies.flatMap((n) => (isGroup(n) && n.data.params.collapsed ? membersList(n) : [])));
  const nodes: FlowNode[] = copies.map((n) => ({ ...n, selected: !hidden.has(n.id) }));
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
