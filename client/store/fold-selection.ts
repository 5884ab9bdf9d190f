import { barOf, hiddenByFold } from './group-geometry.ts';
import type { FlowEdge, FlowNode } from './types.ts';

/**
 * Nothing a folded group hides stays selected: Delete, Ctrl+C or a drag would act on nodes and wires the designer
 * cannot see (a fold after a box select or Ctrl+A, an undo that folds again). Ctrl+A and React Flow's box select
 * never select them in the first place.
 */

/**
 * `nodes` with no hidden node selected. `before`: only what became hidden since then is unselected, so a hidden node
 * revealed on purpose (a problem inside a fold, shown in the inspector) stays selected through its edits. The same
 * array when nothing changes.
 */
export function withHiddenUnselected(nodes: FlowNode[], before?: readonly FlowNode[]): FlowNode[] {
  const hidden = hiddenByFold(nodes);
  if (!hidden.size) return nodes;
  const was = before ? hiddenByFold(before) : new Map<string, string>();
  const drop = (n: FlowNode) => n.selected && hidden.has(n.id) && !was.has(n.id);
  if (!nodes.some(drop)) return nodes;
  return nodes.map((n) => (drop(n) ? { ...n, selected: false } : n));
}

/**
 * `edges` with no selected wire that a fold hides (both ends inside the same folded bar: foldWires draws it
 * nowhere). A wire into or out of a fold is drawn to its bar, so it may stay selected. The same array when none is.
 */
export function withHiddenWiresUnselected(edges: FlowEdge[], nodes: readonly FlowNode[]): FlowEdge[] {
  if (!edges.some((e) => e.selected)) return edges;
  const hiddenBy = hiddenByFold(nodes);
  if (!hiddenBy.size) return edges;
  const hidden = (e: FlowEdge) => {
    const source = barOf(hiddenBy, e.source);
    return source !== e.source && source === barOf(hiddenBy, e.target);
  };
  if (!edges.some((e) => e.selected && hidden(e))) return edges;
  return edges.map((e) => (e.selected && hidden(e) ? { ...e, selected: false } : e));
}

/** A document's nodes and wires after a change that may have folded something (`before`: the nodes until then). */
export function foldSafe(nodes: FlowNode[], edges: FlowEdge[], before: readonly FlowNode[]) {
  return { nodes: withHiddenUnselected(nodes, before), edges: withHiddenWiresUnselected(edges, nodes) };
}
