import type { XYPosition } from '@xyflow/react';
import { getNodeDef, initialParams } from '../../shared/registry.ts';
import { newId } from './graph-doc.ts';
import { frameAround, GROUP_TYPE } from './group-geometry.ts';
import type { FlowEdge, FlowNode, Snapshot } from './types.ts';

/**
 * The edits behind "Group selection", "Bypass" and "Add reroute" (issue 13), as pure functions over the document so
 * the store records each as one undo step and tests can call them directly.
 */

/** A group framing the selected nodes, selected alone; first in the list so it is drawn behind them. */
export function groupSelection(doc: Snapshot): { doc: Partial<Snapshot>; id: string } | null {
  const chosen = doc.nodes.filter((n) => n.selected);
  const frame = frameAround(chosen);
  if (!frame) return null;
  const id = newId(GROUP_TYPE, new Set(doc.nodes.map((n) => n.id)));
  const group: FlowNode = {
    id,
    type: GROUP_TYPE,
    position: { x: frame.x, y: frame.y },
    data: { params: { ...initialParams(getNodeDef(GROUP_TYPE)!), width: frame.width, height: frame.height } },
    selected: true,
  };
  return { doc: { nodes: [group, ...doc.nodes.map((n) => (n.selected ? { ...n, selected: false } : n))] }, id };
}

/**
 * Bypass on or off for the selected nodes that run (notes and groups cannot be bypassed): all on, unless all already
 * are, as ComfyUI's Ctrl+B. Null when nothing selected can be bypassed.
 */
export function toggleBypass(doc: Snapshot, ids?: readonly string[]): Partial<Snapshot> | null {
  const chosen = new Set(ids ?? doc.nodes.filter((n) => n.selected).map((n) => n.id));
  const targets = doc.nodes.filter((n) => chosen.has(n.id) && !getNodeDef(n.type ?? '')?.annotation);
  if (!targets.length) return null;
  const on = !targets.every((n) => n.data.bypass);
  const hit = new Set(targets.map((n) => n.id));
  return {
    nodes: doc.nodes.map((n) => (hit.has(n.id) ? { ...n, data: { ...n.data, bypass: on || undefined } } : n)),
  };
}

/** Reroute dot's size: `at` is its centre. */
const DOT = { width: 28, height: 16 };

/** A reroute dot at `at` on a wire: source → dot → target, the target keeping its list order. */
export function addReroute(
  doc: Snapshot,
  edgeId: string,
  at: XYPosition,
): { doc: Partial<Snapshot>; id: string } | null {
  const wire = doc.edges.find((e) => e.id === edgeId);
  if (!wire) return null;
  const taken = new Set([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);
  const id = newId('reroute', taken);
  taken.add(id);
  const dot: FlowNode = {
    id,
    type: 'reroute',
    position: { x: at.x - DOT.width / 2, y: at.y - DOT.height / 2 },
    data: { params: {} },
  };
  const into: FlowEdge = {
    id: newId('e', taken),
    source: wire.source,
    sourceHandle: wire.sourceHandle,
    target: id,
    targetHandle: 'in',
    data: { order: 0 },
  };
  const out: FlowEdge = { ...wire, source: id, sourceHandle: 'out', selected: false };
  return {
    doc: { nodes: [...doc.nodes, dot], edges: [...doc.edges.map((e) => (e.id === edgeId ? out : e)), into] },
    id,
  };
}
