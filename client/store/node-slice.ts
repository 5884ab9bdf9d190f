import type { NodeChange, XYPosition } from '@xyflow/react';
import { applyNodeChanges } from '@xyflow/react';
import { getNodeDef, initialParams } from '../../shared/registry.ts';
import { keepInputsOf, setExposure } from './exposed-inputs.ts';
import { newId } from './graph-doc.ts';
import { withHiddenUnselected } from './fold-selection.ts';
import { dropDangling, editKit, type Slice } from './slice-kit.ts';
import type { FlowNode } from './types.ts';

/** Nodes: React Flow's own changes (drags, removals), adding, params and titles, positions, deleting. */
export interface NodeSlice {
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  addNode(type: string, position: XYPosition, params?: Record<string, unknown>): string;
  setParams(id: string, patch: Record<string, unknown>): void;
  setLabel(id: string, label: string): void;
  /** Exposes a node param as a template input (null: stops exposing it); one undo step per param. */
  setExposed(nodeId: string, param: string, input: { name: string; label?: string } | null): void;
  /** `key`: positions that finish another edit (a load's layout) join its undo step. */
  setPositions(positions: Record<string, XYPosition>, key?: string): void;
  deleteSelected(): void;
}

export const nodeSlice: Slice<NodeSlice> = (set, get) => {
  const { edit } = editKit(set, get);
  return {
    onNodesChange(changes) {
      const nodes = applyNodeChanges(changes, get().nodes);
      const byId = new Map(get().nodes.map((n) => [n.id, n]));
      // A drag is one undo step: record when it starts, not on every frame.
      const dragStart = changes.some((c) => c.type === 'position' && c.dragging && !byId.get(c.id)?.dragging);
      const removes = changes.some((c) => c.type === 'remove');
      const moved = changes.some((c) => c.type === 'position' && c.position);
      if (dragStart || removes)
        return edit({
          nodes,
          edges: removes ? dropDangling(get().edges, nodes) : get().edges,
          inputs: keepInputsOf(get().inputs, nodes),
        });
      // React Flow never selects a hidden node itself; a select change from elsewhere must not either.
      const selects = changes.some((c) => c.type === 'select' && c.selected);
      set({ nodes: selects ? withHiddenUnselected(nodes) : nodes, ...(moved ? { dirty: true } : {}) });
    },
    addNode(type, position, params) {
      const def = getNodeDef(type);
      if (!def) throw new Error(`Unknown node type ${type}`);
      const id = newId(type, new Set(get().nodes.map((n) => n.id)));
      const node: FlowNode = {
        id,
        type,
        position,
        data: { params: { ...initialParams(def), ...params } },
        selected: true,
      };
      edit({ nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
      return id;
    },
    setParams(id, patch) {
      const key = `params:${id}:${Object.keys(patch).join(',')}`;
      const nodes = get().nodes.map((n) => {
        if (n.id !== id) return n;
        const params = { ...n.data.params };
        for (const [k, v] of Object.entries(patch))
          if (v === undefined) delete params[k];
          else params[k] = v;
        return { ...n, data: { ...n.data, params, ...withoutAside(n.data.aside, patch) } };
      });
      edit({ nodes }, key);
    },
    setLabel(id, label) {
      const nodes = get().nodes.map((n) =>
        n.id === id ? { ...n, data: { ...n.data, label: label || undefined } } : n,
      );
      edit({ nodes }, `label:${id}`);
    },
    setExposed(nodeId, param, input) {
      edit({ inputs: setExposure(get().inputs, nodeId, param, input) }, `expose:${nodeId}:${param}`);
    },
    setPositions(positions, key) {
      // A keyed layout finishes that step (a load's tidy-up): once the load was undone or other edits followed, it
      // has nothing left to finish, and recording it would wipe the redo of that load.
      if (key && key !== get().history.lastKey) return;
      edit({ nodes: get().nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)) }, key);
    },
    deleteSelected() {
      const nodes = get().nodes.filter((n) => !n.selected);
      const edges = dropDangling(
        get().edges.filter((e) => !e.selected),
        nodes,
      );
      if (nodes.length === get().nodes.length && edges.length === get().edges.length) return;
      edit({ nodes, edges, inputs: keepInputsOf(get().inputs, nodes) });
    },
  };
};

/** A field edited by hand is the designer's value now: what a version switch put aside for it is dropped. */
function withoutAside(aside: Record<string, unknown> | undefined, patch: Record<string, unknown>) {
  if (!aside || !Object.keys(patch).some((k) => k in aside)) return {};
  const rest = Object.fromEntries(Object.entries(aside).filter(([k]) => !(k in patch)));
  return { aside: Object.keys(rest).length ? rest : undefined };
}
