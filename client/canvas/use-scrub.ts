import { useRef, type PointerEvent } from 'react';

/**
 * Hover-scrubbing, as in Weavy and Flora: while the pointer is over a video, its x picks the frame (left edge = start,
 * right edge = end) and the loop pauses; when the pointer leaves, the loop plays on. No click and no play needed.
 */
export function useScrub() {
  const ref = useRef<HTMLVideoElement>(null);
  const seek = (e: PointerEvent<HTMLElement>) => {
    const v = ref.current;
    if (!v || e.pointerType === 'touch' || !Number.isFinite(v.duration) || v.duration <= 0) return;
    const box = e.currentTarget.getBoundingClientRect();
    const at = Math.min(Math.max((e.clientX - box.left) / box.width, 0), 1);
    // Just short of the end: a looping video at its very end wraps to the first frame.
    v.currentTime = Math.min(at * v.duration, v.duration - 0.01);
  };
  return {
    ref,
    handlers: {
      onPointerEnter: (e: PointerEvent<HTMLElement>) => {
        if (e.pointerType === 'touch') return;
        ref.current?.pause();
        seek(e);
      },
      onPointerMove: seek,
      onPointerLeave: () => {
        const v = ref.current;
        if (v?.paused) v.play().catch(() => undefined); // autoplay refused: it stays on the last frame shown
      },
    },
  };
}
