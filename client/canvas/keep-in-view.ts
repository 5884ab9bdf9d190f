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
      const dx =
        right > pane.right - MARGIN
          ? pane.right - MARGIN - right
          : topLeft.x < pane.left + MARGIN
            ? pane.left + MARGIN - topLeft.x
            : 0;
      const dy =
        bottom > pane.bottom - MARGIN
          ? pane.bottom - MARGIN - bottom
          : topLeft.y < pane.top + MARGIN
            ? pane.top + MARGIN - topLeft.y
            : 0;
      if (dx === 0 && dy === 0) return;
      const vp = getViewport();
      void setViewport({ x: vp.x + dx, y: vp.y + dy, zoom: vp.zoom }, { duration: 200 });
    },
    [flowToScreenPosition, getViewport, setViewport],
  );
}
