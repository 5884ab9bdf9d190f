import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, editorForTests, importGraph, nodeIds, shot } from './browser.ts';

const h = editorForTests();

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every node's box on screen, and the pairs of them that overlap (should be none). */
async function overlaps(page: Page): Promise<string[]> {
  const boxes = await page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-id')!, ...e.getBoundingClientRect().toJSON() })));
  const hits: string[] = [];
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1)) if (overlap(a, b)) hits.push(`${a.id} × ${b.id}`);
  return hits;
}

const edges = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __pikaflow: { getState(): { edges: { source: string; target: string }[] } } }).__pikaflow
      .getState()
      .edges.map((e) => `${e.source}->${e.target}`),
  );

const box = async (page: Page, id: string) => (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;

/** The canvas zoom once the view has stopped moving (a fit animates for 300 ms). */
async function settledZoom(page: Page): Promise<number> {
  await page.waitForFunction(
    () =>
      new Promise<boolean>((done) => {
        const read = () => getComputedStyle(document.querySelector('.react-flow__viewport')!).transform;
        const first = read();
        let frames = 0;
        const tick = () => (read() !== first ? done(false) : ++frames >= 8 ? done(true) : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
  );
  return page.evaluate(
    () => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a,
  );
}

/** Ten rows of prompt → text-to-video → output, each with a loose Pikaffects: 40 nodes, wide and tall. */
function fortyNodes() {
  const nodes: { id: string; type: string; position: { x: number; y: number }; data: { params: object } }[] = [];
  const edgeList: object[] = [];
  for (let i = 0; i < 10; i++) {
    const at = (x: number) => ({ x: x * 360, y: i * 260 });
    nodes.push({ id: `p${i}`, type: 'prompt', position: at(0), data: { params: { text: `chain ${i}` } } });
    nodes.push({ id: `t${i}`, type: 'pika-turbo-text-to-video', position: at(1), data: { params: {} } });
    nodes.push({ id: `s${i}`, type: 'pika-pikaffects', position: at(2), data: { params: {} } });
    nodes.push({ id: `o${i}`, type: 'output', position: at(3), data: { params: { name: `out${i}` } } });
    edgeList.push(
      { id: `a${i}`, source: `p${i}`, sourceHandle: 'text', target: `t${i}`, targetHandle: 'prompt' },
      { id: `b${i}`, source: `t${i}`, sourceHandle: 'video', target: `o${i}`, targetHandle: 'in' },
    );
  }
  return { version: 1 as const, name: 'Forty nodes', nodes, edges: edgeList };
}

describe('room to work', () => {
  for (const [width, height] of [
    [1280, 800],
    [1440, 900],
  ])
    it(`at ${width}×${height}: panels fold away by click and key and stay folded; the top bar is one steady line`, async () => {
      const page = await h.fresh();
      await page.setViewportSize({ width, height });
      const canvasWidth = async () => (await byTestId(page, 'canvas').boundingBox())!.width;
      const before = await canvasWidth();
      expect(before / width).toBeGreaterThan(0.58);

      await byTestId(page, 'hide-palette').click();
      await byTestId(page, 'show-palette').waitFor();
      await page.keyboard.press(']');
      await byTestId(page, 'show-side').waitFor();
      expect(await byTestId(page, 'palette').count()).toBe(0);
      expect(await canvasWidth()).toBeGreaterThan(width * 0.9);
      await shot(page, `room-folded-${width}`);

      await page.reload();
      await byTestId(page, 'show-side').waitFor();
      await byTestId(page, 'show-palette').waitFor();
      expect(await byTestId(page, 'palette').count()).toBe(0);
      // Brought back the same two ways.
      await page.keyboard.press('[');
      await byTestId(page, 'palette').waitFor();
      await byTestId(page, 'show-side').click();
      await byTestId(page, 'tab-inspector').waitFor();

      // One line, nothing past the right edge, even with a graph and its estimate showing.
      await importGraph(page, fortyNodes(), 'forty.json');
      const bar = async () =>
        page.locator('.pf-topbar > *:not([hidden])').evaluateAll((els) =>
          els
            .map((e) => e.getBoundingClientRect())
            .filter((r) => r.width > 0)
            .map((r) => ({ left: r.left, right: r.right, mid: (r.top + r.bottom) / 2 })),
        );
      // Measured once the price for this graph is on screen (it arrives after a debounce and a request).
      await expect.poll(() => byTestId(page, 'estimate').getAttribute('data-current')).toBe('true');
      const top = (await page.locator('.pf-topbar').boundingBox())!;
      expect(top.height).toBeLessThan(56);
      const parts = await bar();
      expect(Math.max(...parts.map((p) => p.right))).toBeLessThanOrEqual(width);
      expect(Math.max(...parts.map((p) => p.mid)) - Math.min(...parts.map((p) => p.mid))).toBeLessThan(3);
      // The estimate text changes with the graph; nothing in the bar moves.
      const estimate = await byTestId(page, 'estimate').textContent();
      await byTestId(page, 'palette-item-pika-22-text-to-video').click();
      await expect.poll(() => byTestId(page, 'estimate').textContent()).not.toBe(estimate);
      await expect.poll(() => byTestId(page, 'estimate').getAttribute('data-current')).toBe('true');
      expect(await bar()).toEqual(parts);
      await shot(page, `room-topbar-${width}`);
    });

  it('Fit and Tidy up on a 40-node graph keep node text readable (≥ 10 px) and show where it starts', async () => {
    const page = await h.fresh();
    await page.setViewportSize({ width: 1440, height: 900 });
    await importGraph(page, fortyNodes(), 'forty.json');
    const titlePx = async () => {
      const font = await page
        .locator('.pf-node__title')
        .first()
        .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      return font * (await settledZoom(page));
    };
    expect(await titlePx()).toBeGreaterThanOrEqual(10);

    // Zoomed far out by hand, then Fit (Shift+1) brings it back to readable.
    const canvas = (await byTestId(page, 'canvas').boundingBox())!;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 400);
    expect(await settledZoom(page)).toBeLessThan(0.5);
    await page.keyboard.press('Shift+Digit1');
    // Polled: the fit animates up from the hand zoom (it never passes 10 px on the way unless it ends there).
    await expect.poll(titlePx).toBeGreaterThanOrEqual(10);
    expect(await titlePx()).toBeGreaterThanOrEqual(10);

    const before = await box(page, 'p0');
    await byTestId(page, 'layout').click();
    await expect.poll(async () => JSON.stringify(await box(page, 'p0'))).not.toBe(JSON.stringify(before));
    expect(await titlePx()).toBeGreaterThanOrEqual(10);
    // The start of the graph (its leftmost nodes) is in view, near the canvas's left edge.
    const lefts = await page
      .locator('.react-flow__node')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    expect(Math.min(...lefts)).toBeGreaterThanOrEqual(canvas.x);
    expect(Math.min(...lefts)).toBeLessThan(canvas.x + canvas.width / 4);
    await shot(page, 'room-fit-40');
  });
});

describe('placement', () => {
  it('adds beside the selected node, wired; adds at the pointer; pastes and duplicates never overlap', async () => {
    const page = await h.fresh();
    await page.setViewportSize({ width: 1440, height: 900 });
    await byTestId(page, 'palette-item-image').click();
    const [img] = await nodeIds(page, 'image');
    // The new node is selected: the next click-add goes to its right and is wired to it (one undo step).
    await byTestId(page, 'palette-item-pika-22-image-to-video').click();
    const [i2v] = await nodeIds(page, 'pika-22-image-to-video');
    await byTestId(page, 'palette-item-output').click();
    const [out] = await nodeIds(page, 'output');
    expect(await edges(page)).toEqual([`${img}->${i2v}`, `${i2v}->${out}`]);
    const [a, b, c] = [await box(page, img), await box(page, i2v), await box(page, out)];
    expect(b.x).toBeGreaterThan(a.x + a.width);
    expect(c.x).toBeGreaterThan(b.x + b.width);
    expect(Math.abs(b.y - a.y)).toBeLessThan(2);
    await page.keyboard.press('Control+z');
    expect(await edges(page)).toEqual([`${img}->${i2v}`]);
    expect(await nodeIds(page, 'output')).toEqual([]);

    // Nothing selected: quick-add (typed) puts the node where the pointer is.
    const canvas = (await byTestId(page, 'canvas').boundingBox())!;
    const spot = { x: canvas.x + 160, y: canvas.y + canvas.height - 200 };
    await page.mouse.click(spot.x, spot.y);
    await page.keyboard.press('/');
    await byTestId(page, 'quick-add-input').fill('prompt');
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page, 'prompt')).toHaveLength(1);
    const [p] = await nodeIds(page, 'prompt');
    const pb = await box(page, p);
    expect(spot.x).toBeGreaterThan(pb.x);
    expect(spot.x).toBeLessThan(pb.x + pb.width);
    expect(spot.y).toBeGreaterThan(pb.y);
    expect(spot.y).toBeLessThan(pb.y + pb.height);

    // Duplicate twice, then paste with the pointer right over an existing node.
    await page.locator(`.react-flow__node[data-id="${img}"] .pf-node__title`).click();
    await page.keyboard.press('Control+d');
    await page.keyboard.press('Control+d');
    await page.keyboard.press('Control+c');
    const over = await box(page, i2v);
    await page.mouse.move(over.x + 20, over.y + 20);
    await page.keyboard.press('Control+v');
    await expect.poll(() => nodeIds(page, 'image')).toHaveLength(4);
    await expect.poll(() => overlaps(page)).toEqual([]);
    await shot(page, 'placement');
  });
});
