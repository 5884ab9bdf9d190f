import { getNodeDef } from '../../shared/registry.ts';
import { boundsOf, rectOf, type Rect } from './free-spot.ts';
import type { FlowEdge, FlowNode } from './types.ts';

/**
 * Group membership is geometric: a node belongs to a group when its header (a point near its top-left corner) lies
 * inside the group's frame.
 * Not React Flow's `parentId`: that makes positions relative to the parent, and the graph format, clipboard, tidy-up,
 * free-spot placement and mini map all work in absolute positions; a frame drawn around nodes also needs no second
 * record of who is inside, so save/load, templates and v1 graphs keep it for free. (The header, not the whole box nor
 * its centre: a node grows down and right when a result appears, and must not drop out of its group then.) A folded
 * group keeps the ids it hides in `members`, since its frame is then a bar.
 */

export const isGroup = (n: Pick<FlowNode, 'type'>) => n.type === GROUP_TYPE;
/** The registry's group entry (shared/nodes/annotations.ts); compared by id like React Flow's own `node.type`. */
export const GROUP_TYPE = 'group';
/** Frame padding around grouped nodes, and the title bar's height above them. */
const PAD = 28;
const TITLE = 44;
/** Where a node's header is taken to be, from its top-left corner (halfway across a node smaller than that). */
const HEADER = { x: 48, y: 18 };

/** The frame a group draws (its params), whatever it shows while folded. */
export function frameOf(g: FlowNode): Rect {
  const p = g.data.params;
  return { x: g.position.x, y: g.position.y, width: Number(p.width) || 420, height: Number(p.height) || 280 };
}

/** Nodes inside a group (nested groups too), or the ones it hides while folded. */
export function membersOf(group: FlowNode, nodes: readonly FlowNode[]): FlowNode[] {
  if (group.data.params.collapsed) {
    const ids = new Set((group.data.params.members as string[] | undefined) ?? []);
    return nodes.filter((n) => ids.has(n.id));
  }
  const f = frameOf(group);
  return nodes.filter((n) => {
    if (n.id === group.id) return false;
    const r = isGroup(n) ? frameOf(n) : rectOf(n);
    const cx = r.x + Math.min(r.width / 2, HEADER.x);
    const cy = r.y + Math.min(r.height / 2, HEADER.y);
    // A nested group is inside when its whole frame is (a bigger one around this group is not).
    if (isGroup(n))
      return r.x >= f.x && r.y >= f.y && r.x + r.width <= f.x + f.width && r.y + r.height <= f.y + f.height;
    return cx >= f.x && cx <= f.x + f.width && cy >= f.y && cy <= f.y + f.height;
  });
}

/** Ids of members that run (not notes, groups): what "Run group" asks for. */
export function runnableMembers(group: FlowNode, nodes: readonly FlowNode[]): string[] {
  return membersOf(group, nodes)
    .filter((n) => !getNodeDef(n.type ?? '')?.annotation)
    .map((n) => n.id);
}

/** A frame around these nodes, with room for the title bar. */
export function frameAround(nodes: readonly FlowNode[]): Rect | undefined {
  const b = boundsOf(nodes.map((n) => (isGroup(n) ? frameOf(n) : rectOf(n))));
  if (!b) return undefined;
  return { x: b.x - PAD, y: b.y - TITLE, width: b.width + 2 * PAD, height: b.height + TITLE + PAD };
}

/**
 * The nodes React Flow is given: members of folded groups are hidden (React Flow then hides their wires too). The
 * same array when nothing is folded, and the same node objects otherwise, so nothing re-renders for it.
 */
export function withFoldedHidden(nodes: FlowNode[]): FlowNode[] {
  const hidden = hiddenByFold(nodes);
  if (!hidden.size && !nodes.some((n) => n.hidden)) return nodes;
  return nodes.map((n) => (hidden.has(n.id) === !!n.hidden ? n : { ...n, hidden: hidden.has(n.id) }));
}

/** For each node a folded group hides, that group's id (a fold inside a fold: the inner one; see barOf). */
export function hiddenByFold(nodes: readonly FlowNode[]): Map<string, string> {
  const hiddenBy = new Map<string, string>();
  for (const n of nodes)
    if (isGroup(n) && n.data.params.collapsed)
      for (const id of (n.data.params.members as string[] | undefined) ?? []) hiddenBy.set(id, n.id);
  return hiddenBy;
}

/** The node on screen that stands for `id`: itself, or the outermost folded bar hiding it. */
export function barOf(hiddenBy: ReadonlyMap<string, string>, id: string): string {
  let at = id;
  for (let i = 0; i < 50 && hiddenBy.has(at); i++) at = hiddenBy.get(at)!;
  return at;
}

/** The handles a folded group's bar draws wires to and from (display only: never in the stored edges). */
export const FOLD_IN = 'folded-in';
export const FOLD_OUT = 'folded-out';

/**
 * The wires React Flow is given while groups are folded: a wire crossing a folded group's border is drawn to or from
 * its bar instead of the hidden node (React Flow would hide it with that node, and the node downstream would look
 * unconnected). The edge keeps its id, so selecting or deleting it acts on the stored wire; a wire between two nodes
 * inside stays hidden. Nested folds resolve to the outermost folded bar. Unchanged edges keep their objects.
 */
export function foldWires(edges: FlowEdge[], nodes: readonly FlowNode[]): FlowEdge[] {
  const hiddenBy = hiddenByFold(nodes);
  if (!hiddenBy.size) return edges;
  const bar = (id: string) => barOf(hiddenBy, id);
  return edges.map((e) => {
    const source = bar(e.source);
    const target = bar(e.target);
    if (source === e.source && target === e.target) return e;
    if (source === target) return e; // both ends inside the same fold: hidden with their nodes
    return {
      ...e,
      source,
      target,
      ...(source !== e.source ? { sourceHandle: FOLD_OUT } : {}),
      ...(target !== e.target ? { targetHandle: FOLD_IN } : {}),
      reconnectable: false, // its drawn end is the bar, not the port it really ends at
      ariaLabel: `Edge from ${e.source} to ${e.target}, drawn to the folded group it is in`,
      className: [e.className, 'pf-edge--folded'].filter(Boolean).join(' '),
    };
  });
}

/** Room kept below and right of a group's members. */
const GROW_PAD = 20;

/**
 * The frame a group needs so that its (measured) members stay inside, never smaller than it is: a member that grew
 * (a preview or takes appeared) widens or lengthens it. Undefined when it already fits.
 */
export function grownFrame(
  group: FlowNode,
  members: readonly FlowNode[],
): { width: number; height: number } | undefined {
  const f = frameOf(group);
  let right = f.x + f.width;
  let bottom = f.y + f.height;
  for (const m of members) {
    const r = isGroup(m) ? frameOf(m) : rectOf(m);
    right = Math.max(right, r.x + r.width + GROW_PAD);
    bottom = Math.max(bottom, r.y + r.height + GROW_PAD);
  }
  if (right <= f.x + f.width && bottom <= f.y + f.height) return undefined;
  return { width: Math.ceil(right - f.x), height: Math.ceil(bottom - f.y) };
}

/** How many wires a folded group's bar draws coming in and going out ("in:out", for a cheap store selector). */
export function foldedEnds(groupId: string, nodes: readonly FlowNode[], edges: FlowEdge[]): string {
  const drawn = foldWires(edges, nodes);
  const into = drawn.filter((e) => e.target === groupId && e.targetHandle === FOLD_IN).length;
  const out = drawn.filter((e) => e.source === groupId && e.sourceHandle === FOLD_OUT).length;
  return `${into}:${out}`;
}
