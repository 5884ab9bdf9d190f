import type { Page } from 'playwright-core';

/** The middle of a wire's drawn path, in page pixels (what a designer clicks to pick a wire), found by its name. */
export const wireMiddle = (page: Page, source: string, target: string) =>
  page.evaluate(
    ([s, t]) => {
      const g = [...document.querySelectorAll<SVGGElement>('.react-flow__edge')].find((el) =>
        el.getAttribute('aria-label')?.includes(`from ${s} to ${t}`),
      );
      const path = g?.querySelector<SVGPathElement>('path.react-flow__edge-path');
      if (!path) throw new Error(`no wire ${s} → ${t}`);
      const p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM()!);
      return { x: p.x, y: p.y };
    },
    [source, target],
  );
