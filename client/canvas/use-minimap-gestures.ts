import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef, type PointerEvent } from 'react';

/**
 * <MiniMap pannable zoomable>'s gestures (as @xyflow/system's XYMinimap does them), for CanvasMiniMap's SVG: dragging
 * the map moves the view by the pointer's travel in map units, and the wheel over it zooms the canvas about its
 * centre. `viewScale` is the flow units per map pixel of the frame being shown.
 */
export function useMinimapGestures(viewScale: number) {
  const store = useStoreApi();
  const ref = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const scale = useRef(viewScale);
  scale.current = viewScale;

  // A native listener: React's wheel listeners are passive, and the page must not scroll under the map.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const { panZoom, transform } = store.getState();
      const delta = -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002);
      void panZoom?.scaleTo(transform[2] * 2 ** delta);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [store]);

  const end = () => {
    drag.current = null;
  };
  return {
    ref,
    onPointerDown(e: PointerEvent<SVGSVGElement>) {
      drag.current = { x: e.clientX, y: e.clientY };
      e.currentTarget.setPointerCapture(e.pointerId);
    },
    onPointerMove(e: PointerEvent<SVGSVGElement>) {
      const { panZoom, transform, width, height, translateExtent } = store.getState();
      if (!drag.current || !panZoom) return;
      const [dx, dy] = [e.clientX - drag.current.x, e.clientY - drag.current.y];
      drag.current = { x: e.clientX, y: e.clientY };
      const move = scale.current * Math.max(transform[2], Math.log(transform[2]));
      const next = { x: transform[0] - dx * move, y: transform[1] - dy * move, zoom: transform[2] };
      const extent: [[number, number], [number, number]] = [
        [0, 0],
        [width, height],
      ];
      void panZoom.setViewportConstrained(next, extent, translateExtent);
    },
    onPointerUp: end,
    onPointerCancel: end,
  };
}
