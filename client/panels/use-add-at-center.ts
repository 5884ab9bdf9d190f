import { useReactFlow } from '@xyflow/react';
import { useEditorStore } from '../store/context.tsx';

/** Adds a node in the middle of what the designer is looking at (click or quick-add, as opposed to a drop). */
export function useAddAtCenter() {
  const store = useEditorStore();
  const { screenToFlowPosition } = useReactFlow();
  return (type: string) => {
    const el = document.querySelector('.pf-canvas')?.getBoundingClientRect();
    const center = el
      ? { x: el.left + el.width / 2, y: el.top + el.height / 2 }
      : { x: innerWidth / 2, y: innerHeight / 2 };
    const p = screenToFlowPosition(center);
    // A little jitter so repeated adds do not stack exactly on top of each other.
    const j = () => Math.round((Math.random() - 0.5) * 60);
    return store.getState().addNode(type, { x: p.x - 110 + j(), y: p.y - 40 + j() });
  };
}
