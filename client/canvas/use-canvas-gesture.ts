import { useReactFlow, type NodeChange, type XYPosition } from '@xyflow/react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { useEditorStore } from '../store/context.tsx';
import { membersOf } from '../store/group-geometry.ts';
import type { FlowNode } from '../store/types.ts';

/** Moves below this many pixels are a click, not a drag. */
const SLOP = 3;

/**
 * A pointer drag on a canvas item, in flow coordinates (zoom and pan accounted for): `move` gets the offset from where
 * it began, `end` the last one, only once the pointer really moved. Buttons and fields inside keep their clicks.
 */
function useFlowDrag() {
  const { screenToFlowPosition } = useReactFlow();
  return (e: ReactPointerEvent, move: (d: XYPosition) => void, end?: (d: XYPosition) => void) => {
    if (e.button !== 0 || (e.target as Element).closest('button, input, textarea')) return;
    e.stopPropagation();
    const el = e.currentTarget as HTMLElement;
    el.setPointerCapture(e.pointerId);
    const start = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const offset = (ev: PointerEvent) => {
      const p = screenToFlowPosition({ x: ev.clientX, y: ev.clientY });
      return { x: p.x - start.x, y: p.y - start.y };
    };
    let moved = false;
    const onMove = (ev: PointerEvent) => {
      if (!moved && Math.hypot(ev.clientX - e.clientX, ev.clientY - e.clientY) < SLOP) return;
      moved = true;
      move(offset(ev));
    };
    const onUp = (ev: PointerEvent) => {
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
      if (moved) end?.(offset(ev));
    };
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
  };
}

/**
 * Dragging a group's title bar moves the frame and every node inside it, as ComfyUI does. The moves go through the
 * store's own node changes with `dragging`, so the whole drag is one undo step, like dragging a node.
 */
export function useGroupDrag(id: string) {
  const store = useEditorStore();
  const drag = useFlowDrag();
  return (e: ReactPointerEvent) => {
    const { nodes } = store.getState();
    const group = nodes.find((n) => n.id === id);
    if (!group) return;
    const from = [group, ...membersOf(group, nodes)].map((n) => [n.id, n.position] as const);
    const changes = (d: XYPosition, dragging: boolean): NodeChange<FlowNode>[] =>
      from.map(([nid, p]) => ({ type: 'position', id: nid, position: { x: p.x + d.x, y: p.y + d.y }, dragging }));
    drag(
      e,
      (d) => store.getState().onNodesChange(changes(d, true)),
      (d) => store.getState().onNodesChange(changes(d, false)),
    );
  };
}

/** The corner grip of a group or note: its width and height params follow the pointer (one undo step per resize). */
export function useResizeGrip(id: string, min: { width: number; height: number }) {
  const store = useEditorStore();
  const drag = useFlowDrag();
  return (e: ReactPointerEvent) => {
    const params = store.getState().nodes.find((n) => n.id === id)?.data.params ?? {};
    const w0 = Number(params.width) || min.width;
    const h0 = Number(params.height) || min.height;
    drag(e, (d) =>
      store.getState().setParams(id, {
        width: Math.max(min.width, Math.round(w0 + d.x)),
        height: Math.max(min.height, Math.round(h0 + d.y)),
      }),
    );
  };
}
