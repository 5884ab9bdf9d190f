import { useReactFlow, type XYPosition } from '@xyflow/react';
import { useCallback } from 'react';

/** Room a new node needs on screen (its width and a typical height) and the margin kept from the canvas's edges. */
const BOX = { width: 240, height: 160 };
const MARGIN = 24;

/**
 * Pans just enough that a node placed at `at` (flow coordinates) is on screen: a wire let go near the side panel put
 * the new node half under it, with its output port out of reach. A node already in view moves nothing.
 */
export function useKeepInView() {
  const { flowToScreenPosition, getViewport, setViewport } = useReactFlow();
  return useCallback(
    (at: XYPosition) => {
      const pane = document.querySelector('.pf-canvas')?.getBoundingClientRect();
      if (!pane) return;
      const { zoom } = getViewport();
      const topLeft = flowToScreenPosition(at);
      const right = topLeft.x + BOX.width * zoom;
      const bottom = topLeft.y + BOX.height * zoom;
      const dx = nudge(topLeft.x, right, pane.left, pane.right);
      const dy = nudge(topLeft.y, bottom, pane.top, pane.bottom);
      if (dx === 0 && dy === 0) return;
      const vp = getViewport();
      void setViewport({ x: vp.x + dx, y: vp.y + dy, zoom: vp.zoom }, { duration: 200 });
    },
    [flowToScreenPosition, getViewport, setViewport],
  );
}

/** How far to move a span [lo, hi] so it sits inside [min, max] less the margin (0 when it already does). */
function nudge(lo: number, hi: number, min: number, max: number): number {
  if (hi > max - MARGIN) return max - MARGIN - hi;
  if (lo < min + MARGIN) return min + MARGIN - lo;
  return 0;
}
