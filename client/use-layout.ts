import { autoLayout } from './canvas/auto-layout.ts';
import { useFitReadable } from './canvas/fit-readable.ts';
import { beginSettling } from './canvas/view-settle.ts';
import type { Graph } from '../shared/graph.ts';
import type { TemplateRef } from './store/types.ts';
import { useEditorStore } from './store/context.tsx';

/**
 * Tidy up: lay the graph out (one undo step, or part of `key`'s step) and bring it into view at a readable zoom (all
 * of it when it fits, else its start).
 */
export function useLayout() {
  const store = useEditorStore();
  const frame = useFitReadable();
  return async (key?: string) => {
    const settled = beginSettling();
    const { nodes, edges } = store.getState();
    if (!nodes.length) return settled();
    store.getState().setPositions(await autoLayout(nodes, edges), key);
    frame({ duration: 300, onDone: settled });
  };
}

/** The tidy-up of the latest load while it is under way (one editor per page). */
let loadTidying: Promise<void> | undefined;

/**
 * Resolves once the tidy-up that belongs to the latest load has landed. A save waits for it: the tidy-up is part of
 * the document as loaded, so it is in what gets saved, and cannot land after the save and mark it unsaved.
 */
export function loadTidyLanded(): Promise<void> {
  return loadTidying ?? Promise.resolve();
}

/**
 * Loads a graph whose positions cannot be trusted (the examples are hand-written and overlap), then lays it out once
 * React Flow has measured the nodes. Load and layout are one undo step.
 */
export function useLoadTidy() {
  const store = useEditorStore();
  const layout = useLayout();
  return (graph: Graph, template: TemplateRef) => {
    const settled = beginSettling(); // until the tidy-up below has begun its own
    store.getState().load(graph, template, { dirty: true });
    const key = `load:${store.getState().loads}`;
    const measured = () => store.getState().nodes.every((n) => n.measured?.width);
    let tries = 0;
    const tidied = new Promise<void>((landed) => {
      const wait = () =>
        measured() || ++tries > 20
          ? void layout(key)
              .catch(() => {}) // a failed tidy-up leaves the layout as loaded; a save must not wait on it forever
              .finally(() => {
                settled();
                landed();
              })
          : requestAnimationFrame(wait);
      requestAnimationFrame(wait);
    });
    loadTidying = tidied;
    void tidied.then(() => {
      if (loadTidying === tidied) loadTidying = undefined;
    });
  };
}
