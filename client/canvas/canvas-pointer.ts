/**
 * Where the pointer last was over the canvas (screen coordinates), or null once it left for the palette, the side
 * panel or the top bar. Keyboard adds and pastes land there, the way ComfyUI and Figma place them.
 */
let last: { x: number; y: number } | null = null;

export const canvasPointer = () => last;

/** Starts following the pointer; returns the function that stops it. */
export function watchCanvasPointer(): () => void {
  const on = (e: PointerEvent) => {
    const el = e.target instanceof Element ? e.target : null;
    // Over the canvas's own overlays (zoom buttons, mini map) a node placed there would hide under them.
    const onCanvas = el?.closest('.pf-canvas') && !el.closest('.react-flow__panel');
    last = onCanvas ? { x: e.clientX, y: e.clientY } : null;
  };
  addEventListener('pointermove', on, { passive: true });
  addEventListener('pointerdown', on, { passive: true });
  return () => {
    removeEventListener('pointermove', on);
    removeEventListener('pointerdown', on);
  };
}
