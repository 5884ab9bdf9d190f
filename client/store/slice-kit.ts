import type { StateCreator } from 'zustand/vanilla';
import type { EditorState } from './editor-store.ts';
import { foldSafe } from './fold-selection.ts';
import { record } from './history.ts';
import type { FlowEdge, FlowNode, Snapshot, UndoStep } from './types.ts';

/** One responsibility's share of the editor store: it sees (and may call) the whole state. */
export type Slice<T> = StateCreator<EditorState, [], [], T>;

type SetState = Parameters<Slice<unknown>>[0];
type GetState = Parameters<Slice<unknown>>[1];

/** The two helpers every editing slice needs, bound to the store. */
export function editKit(set: SetState, get: GetState) {
  // The template link is part of each undo step, so undoing a load brings back the previous name and template too.
  const doc = (): UndoStep => ({
    nodes: get().nodes,
    edges: get().edges,
    inputs: get().inputs,
    template: get().template,
  });
  /**
   * Every undoable edit goes through here: remember the document before it, then change it. An edit that folds a
   * group leaves nothing selected that the fold hides (fold-selection.ts).
   */
  const edit = (next: Partial<Snapshot>, key?: string) =>
    set((s) => ({
      ...next,
      ...foldSafe(next.nodes ?? s.nodes, next.edges ?? s.edges, s.nodes),
      history: record(s.history, doc(), key),
      dirty: true,
    }));
  return { doc, edit };
}

/** Wires whose two ends are still on the canvas. */
export function dropDangling(edges: FlowEdge[], nodes: FlowNode[]): FlowEdge[] {
  const ids = new Set(nodes.map((n) => n.id));
  return edges.filter((e) => ids.has(e.source) && ids.has(e.target));
}
