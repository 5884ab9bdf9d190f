import type { EdgeChange, XYPosition } from '@xyflow/react';
import { applyEdgeChanges } from '@xyflow/react';
import { getNodeDef } from '../../shared/registry.ts';
import {
  checkConnection,
  kindOfEnd,
  nextOrder,
  portFor,
  type Attempt,
  type Verdict,
  type WireEnd,
} from './connection-rules.ts';
import { newId } from './graph-doc.ts';
import { editKit, type Slice } from './slice-kit.ts';
import type { FlowEdge } from './types.ts';

/** Wires: connecting, moving an end, removing, ordering within a list port. */
export interface WiringSlice {
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  /** A wire into a taken single input replaces the old one, in the same undo step. */
  connect(attempt: Attempt): Verdict;
  /** Moves one end of a wire to another handle (one undo step); refused moves leave it where it was. */
  reconnect(edgeId: string, attempt: Attempt): Verdict;
  /** Removes these wires (one undo step). */
  disconnect(edgeIds: string[]): void;
  /** A new node at `position`, wired to the loose end of a dragged wire: one undo step for both. */
  addNodeWired(type: string, position: XYPosition, from: WireEnd): string;
  moveListEdge(edgeId: string, delta: -1 | 1): void;
}

export const wiringSlice: Slice<WiringSlice> = (set, get) => {
  const { edit } = editKit(set, get);
  return {
    onEdgesChange(changes) {
      const edges = applyEdgeChanges(changes, get().edges);
      if (changes.some((c) => c.type === 'remove')) edit({ edges });
      else set({ edges });
    },
    connect(a) {
      const verdict = checkConnection(get().nodes, get().edges, a);
      if (verdict.ok) edit({ edges: withWire(get().edges, a, verdict.replaces) });
      return verdict;
    },
    reconnect(edgeId, a) {
      const verdict = checkConnection(get().nodes, get().edges, a, edgeId);
      if (!verdict.ok) return verdict;
      const rest = get().edges.filter((e) => e.id !== edgeId);
      edit({ edges: withWire(rest, a, verdict.replaces) });
      return verdict;
    },
    disconnect(edgeIds) {
      const gone = new Set(edgeIds);
      const edges = get().edges.filter((e) => !gone.has(e.id));
      if (edges.length !== get().edges.length) edit({ edges });
    },
    addNodeWired(type, position, from) {
      const kind = kindOfEnd(get().nodes, from, get().edges);
      const def = getNodeDef(type);
      const port = kind && def ? portFor(def, kind, from.handleType) : undefined;
      const id = get().addNode(type, position);
      if (!port) return id;
      const a: Attempt =
        from.handleType === 'source'
          ? { source: from.nodeId, sourceHandle: from.handleId, target: id, targetHandle: port }
          : { source: id, sourceHandle: port, target: from.nodeId, targetHandle: from.handleId };
      const verdict = checkConnection(get().nodes, get().edges, a);
      // Node and wire are one undo step: addNode recorded the document before both, so the wire is set unrecorded.
      if (verdict.ok) set({ edges: withWire(get().edges, a, verdict.replaces) });
      return id;
    },
    moveListEdge(edgeId, delta) {
      const edge = get().edges.find((e) => e.id === edgeId);
      if (!edge) return;
      const list = sortedInto(get().edges, edge.target, edge.targetHandle ?? '');
      const i = list.findIndex((e) => e.id === edgeId);
      const j = i + delta;
      if (j < 0 || j >= list.length) return;
      [list[i], list[j]] = [list[j], list[i]];
      const order = new Map(list.map((e, k) => [e.id, k]));
      edit({
        edges: get().edges.map((e) => (order.has(e.id) ? { ...e, data: { ...e.data, order: order.get(e.id) } } : e)),
      });
    },
  };
};

/** `edges` plus a new wire for `a` (after any others in a list port), without the wire it `replaces`. */
function withWire(edges: FlowEdge[], a: Attempt, replaces?: string): FlowEdge[] {
  const kept = replaces ? edges.filter((e) => e.id !== replaces) : edges;
  const edge: FlowEdge = {
    id: newId('e', new Set(edges.map((e) => e.id))),
    source: a.source,
    sourceHandle: a.sourceHandle,
    target: a.target,
    targetHandle: a.targetHandle,
    data: { order: nextOrder(kept, a.target, a.targetHandle ?? '') },
  };
  return [...kept, edge];
}

/** Edges into one list port, in their list order. */
export function sortedInto(edges: readonly FlowEdge[], target: string, handle: string): FlowEdge[] {
  return edges
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.target === target && e.targetHandle === handle)
    .sort((a, b) => (a.e.data?.order ?? a.i) - (b.e.data?.order ?? b.i) || a.i - b.i)
    .map(({ e }) => e);
}
