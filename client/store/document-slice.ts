import type { Graph } from '../../shared/graph.ts';
import { fromGraph, toGraph } from './graph-doc.ts';
import { foldSafe } from './fold-selection.ts';
import { redo, relinkSteps, undo, type History } from './history.ts';
import { editKit, type Slice } from './slice-kit.ts';
import type { TemplateRef } from './types.ts';

/** The document as a whole: undo/redo, loading one, reading it as a graph, and which template it is. */
export interface DocumentSlice {
  history: History;
  template: TemplateRef;
  /** True when the canvas differs from what was last saved or loaded. */
  dirty: boolean;
  /** Bumped when a whole document is loaded, so the canvas can frame it (and only then). */
  loads: number;
  undo(): void;
  redo(): void;
  load(graph: Graph, template: TemplateRef, opts?: { dirty?: boolean }): void;
  graph(): Graph;
  markSaved(template: TemplateRef): void;
  /** The open document's link changed without a load (a save, a rename): every undo step of it takes the new one. */
  relink(template: TemplateRef, dirty: boolean): void;
}

export const documentSlice =
  (template: TemplateRef): Slice<DocumentSlice> =>
  (set, get) => {
    const { doc, edit } = editKit(set, get);
    return {
      history: { past: [], future: [] },
      template,
      dirty: false,
      loads: 0,
      // Undoing an unfold (or redoing a fold) folds a group again: what it hides must not stay selected.
      undo() {
        const r = undo(get().history, doc());
        if (r) set({ ...r.doc, ...foldSafe(r.doc.nodes, r.doc.edges, get().nodes), history: r.history, dirty: true });
      },
      redo() {
        const r = redo(get().history, doc());
        if (r) set({ ...r.doc, ...foldSafe(r.doc.nodes, r.doc.edges, get().nodes), history: r.history, dirty: true });
      },
      load(graph, template, opts) {
        // Keyed by the load count, so a layout right after it (setPositions with the same key) is the same undo step.
        edit(fromGraph(graph), `load:${get().loads + 1}`);
        set({ template, dirty: opts?.dirty ?? false, loads: get().loads + 1 });
      },
      graph: () => toGraph(doc(), get().template.name),
      markSaved: (template) => get().relink(template, false),
      relink: (template, dirty) =>
        set((s) => {
          const history = relinkSteps(s.history, s.template, template);
          // An unsaved rename is the designer's own work: the canvas is no longer just opened (see open-guard.ts).
          const renamed = dirty && template.name !== s.template.name;
          return { template, dirty, history: renamed ? { ...history, lastKey: undefined } : history };
        }),
    };
  };
