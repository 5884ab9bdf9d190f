import { useReactFlow, useStoreApi, type FitViewOptions, type Viewport } from '@xyflow/react';
import { useCallback } from 'react';
import type { Rect } from '../store/free-spot.ts';

/**
 * The smallest zoom a fit or tidy-up may choose: a node title (13 px) stays at least 10 px on screen. Below it a
 * graph is a picture of boxes, not something to read and edit; the designer can still zoom out by hand.
 */
export const READABLE_ZOOM = 0.78;
/** Room left around a fitted graph, in screen pixels. */
const PAD = 48;

/** For React Flow's own fit (first paint, the zoom buttons): never past 100 %, never below readable. */
export const FIT_OPTIONS: FitViewOptions = { padding: 0.1, maxZoom: 1, minZoom: READABLE_ZOOM };

/**
 * The view that frames `bounds` (flow units) in a `size` px canvas: all of it, centred, when that is readable;
 * otherwise at the readable zoom showing where the graph starts (its left end, where data flows from), centred
 * vertically when it fits that way and from its top when it does not.
 */
export function readableViewport(bounds: Rect, size: { width: number; height: number }, pad = PAD): Viewport {
  const fit = Math.min(1, (size.width - 2 * pad) / bounds.width, (size.height - 2 * pad) / bounds.height);
  const zoom = Math.max(fit, READABLE_ZOOM);
  const centre = (span: number, at: number, len: number) => (span - len * zoom) / 2 - at * zoom;
  const fitsX = bounds.width * zoom + 2 * pad <= size.width;
  const fitsY = bounds.height * zoom + 2 * pad <= size.height;
  return {
    zoom,
    x: fitsX ? centre(size.width, bounds.x, bounds.width) : pad - bounds.x * zoom,
    y: fitsY ? centre(size.height, bounds.y, bounds.height) : pad - bounds.y * zoom,
  };
}

/**
 * Fit, readable: frames the graph with readableViewport once React Flow has measured every node (a just-loaded
 * graph has no sizes for a frame or two, and a fit then would frame only the top-left corners).
 */
export function useFitReadable() {
  const rf = useReactFlow();
  const api = useStoreApi();
  return useCallback(
    /** `onDone`: called once the view is where it will stay (also when there was nothing to frame). */
    (opts: { duration?: number; onDone?: () => void } = {}) => {
      const { onDone, ...animate } = opts;
      let tries = 0;
      const go = () => {
        const nodes = rf.getNodes().filter((n) => !n.hidden); // a folded group's nodes are never measured
        const measured = nodes.every((n) => rf.getInternalNode(n.id)?.measured?.width);
        if (!measured && ++tries < 30) return void requestAnimationFrame(go);
        const { width, height } = api.getState();
        if (!nodes.length || !width || !height) return void onDone?.();
        void rf
          .setViewport(readableViewport(rf.getNodesBounds(nodes), { width, height }), animate)
          .then(() => onDone?.());
      };
      requestAnimationFrame(go);
    },
    [rf, api],
  );
}
