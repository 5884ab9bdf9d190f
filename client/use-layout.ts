import { useReactFlow } from '@xyflow/react';
import { autoLayout } from './canvas/auto-layout.ts';
import { useEditorStore } from './store/context.tsx';

/** Tidy up: lay the graph out (one undo step) and bring it all into view. */
export function useLayout() {
  const store = useEditorStore();
  const { fitView } = useReactFlow();
  return async () => {
    const { nodes, edges } = store.getState();
    if (!nodes.length) return;
    store.getState().setPositions(await autoLayout(nodes, edges));
    requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1, duration: 300 }));
  };
}
