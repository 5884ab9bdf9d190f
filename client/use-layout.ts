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
    const wait = () => (measured() || ++tries > 20 ? void layout(key).finally(settled) : requestAnimationFrame(wait));
    requestAnimationFrame(wait);
  };
}
