import type { Page } from 'playwright-core';

/**
 * What bench/editor.ts does inside the page: its graphs, opening one from the draft, and the page-side promises it
 * awaits. Page-side code is sent as strings, not functions: tsx's name-keeping helper (__name) does not exist there.
 */

/** `n` nodes: prompt → Turbo text-to-video pairs, 25 pairs a row. */
export function pairsGraph(n: number) {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n / 2; i++) {
    const x = (i % 25) * 560;
    const y = Math.floor(i / 25) * 260;
    nodes.push({ id: `p${i}`, type: 'prompt', position: { x, y }, data: { params: { text: `shot ${i}` } } });
    nodes.push({ id: `t${i}`, type: 'pika-turbo-text-to-video', position: { x: x + 280, y }, data: { params: {} } });
    edges.push({ id: `e${i}`, source: `p${i}`, sourceHandle: 'text', target: `t${i}`, targetHandle: 'prompt' });
  }
  return { version: 1, name: `bench ${n}`, nodes, edges, inputs: [] };
}

/**
 * Opens the editor on `graph` the way a reload reopens a canvas (from its draft) and answers when every node is drawn
 * and measured, in ms from navigation. The draft is written from a same-origin page that is not the editor, so no
 * editor's unload writes over it.
 */
export async function openDraft(page: Page, url: string, graph: ReturnType<typeof pairsGraph>): Promise<number> {
  await page.goto(new URL('/api/config', url).href);
  const draft = JSON.stringify({ graph, template: { name: graph.name }, dirty: false });
  await page.evaluate((d) => localStorage.setItem('pikaflow.draft', d), draft);
  await page.goto(url);
  return (await page.evaluate(`new Promise((ok) => {
    const check = () => {
      const shown = document.querySelectorAll('.react-flow__node .pf-node').length;
      if (shown >= ${graph.nodes.length} && !document.querySelector('.react-flow__node[style*="visibility: hidden"]')) ok(performance.now());
      else requestAnimationFrame(check);
    };
    check();
  })`)) as number;
}

/** A page-side promise of the next `n` animation-frame timestamps (a string: see above). */
export function nextFrames(n: number): string {
  return `new Promise((ok) => {
    const t = [];
    const tick = (now) => { t.push(now); if (t.length < ${n}) requestAnimationFrame(tick); else ok(t); };
    requestAnimationFrame(tick);
  })`;
}

/**
 * A page-side promise of when the page settled: the end of its last long task (buffered ones included) once none has
 * come for `quietMs`; the first render's moment if there was none. Gives up waiting after 10 s.
 */
export function settledAfter(quietMs: number): string {
  return `new Promise((ok) => {
    let last = 0;
    const seen = (list) => { for (const e of list.getEntries()) last = Math.max(last, e.startTime + e.duration); };
    const obs = new PerformanceObserver(seen);
    obs.observe({ type: 'longtask', buffered: true });
    const t0 = performance.now();
    const check = () => {
      const now = performance.now();
      if (now - Math.max(last, t0) >= ${quietMs} || now - t0 > 10000) { obs.disconnect(); ok(last); }
      else setTimeout(check, 50);
    };
    setTimeout(check, 50);
  })`;
}

/** Intervals between consecutive frames, sorted. */
export function frameGaps(stamps: number[]): number[] {
  return stamps
    .slice(1)
    .map((v, i) => v - stamps[i])
    .sort((a, b) => a - b);
}
