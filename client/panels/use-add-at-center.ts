import { useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import { getNodeDef } from '../../shared/registry.ts';
import { canvasPointer } from '../canvas/canvas-pointer.ts';
import { portFor } from '../store/connection-rules.ts';
import { useEditorStore } from '../store/context.tsx';
import { CHAIN_GAP, freeSpot, NODE_SIZE, rectOf } from '../store/free-spot.ts';

/** Where a node's header sits relative to the point it is added at (a node is 240 px wide). */
const GRAB = { x: 110, y: 30 };

/**
 * Adds a node the way a click or quick-add should: to the right of the one selected node and wired to it when that
 * node has an output the new one takes (one undo step); otherwise where the pointer was over the canvas when this
 * hook mounted (quick-add opens under it), or in the middle of the view. Either way on free canvas, never over a node.
 */
export function useAddAtCenter({ atPointer = true }: { atPointer?: boolean } = {}) {
  const store = useEditorStore();
  const { screenToFlowPosition } = useReactFlow();
  const [pointer] = useState(() => (atPointer ? canvasPointer() : null));
  return (type: string) => {
    const s = store.getState();
    const def = getNodeDef(type);
    const taken = s.nodes.map(rectOf);
    const selected = s.nodes.filter((n) => n.selected);
    const from = selected.length === 1 ? selected[0] : undefined;
    const out = def && getNodeDef(from?.type ?? '')?.outputs.find((o) => portFor(def, o.kind, 'source'));
    if (from && out) {
      const r = rectOf(from);
      const want = { x: r.x + r.width + CHAIN_GAP, y: r.y };
      const at = freeSpot(taken, want, NODE_SIZE, { minX: want.x });
      return s.addNodeWired(type, at, { nodeId: from.id, handleId: out.name, handleType: 'source' });
    }
    const p = screenToFlowPosition(pointer ?? viewCentre());
    return s.addNode(type, freeSpot(taken, { x: p.x - GRAB.x, y: p.y - GRAB.y }, NODE_SIZE));
  };
}

function viewCentre() {
  const el = document.querySelector('.pf-canvas')?.getBoundingClientRect();
  return el ? { x: el.left + el.width / 2, y: el.top + el.height / 2 } : { x: innerWidth / 2, y: innerHeight / 2 };
}
