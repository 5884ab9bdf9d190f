import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dropFile, editorForTests, example, importGraph, nodeIds } from './browser.ts';
import { wireMiddle } from './wire-geometry.ts';

const h = editorForTests({ shotPrefix: 'wiring-' });
const { byTestId, shot } = h;

type Pt = { x: number; y: number };
type Wire = [source: string, sourceHandle: string, target: string, targetHandle: string];

const handle = (node: string, side: 'source' | 'target', port: string) =>
  h.page.locator(`.react-flow__handle.${side}[data-nodeid="${node}"][data-handleid="${port}"]`);

async function centre(loc: ReturnType<Page['locator']>): Promise<Pt> {
  const b = await loc.boundingBox();
  if (!b) throw new Error('not visible');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Presses on `from` and moves to `to` in steps, leaving the button down (the caller looks, then releases). */
async function holdDrag(page: Page, from: Pt, to: Pt) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
}

/** Wires as [source, handle, target, handle], read from the store. */
const wires = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { __pikaflow: { getState(): { edges: Record<string, string>[] } } }).__pikaflow;
    return s
      .getState()
      .edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle])
      .sort() as Wire[];
  });

/** image → i2v → pikaswaps → output, plus a loose image and a second output to wire with. */
const twoOfEach = (name: string) =>
  example('image-to-video-swaps.json', (g) => {
    g.name = name;
    const img = g.nodes.find((n) => n.id === 'img')!;
    g.nodes.push({ id: 'img2', type: 'image', position: { x: 0, y: 320 }, data: { params: { ...img.data.params } } });
    g.nodes.push({ id: 'out2', type: 'output', position: { x: 1080, y: 320 }, data: { params: { name: 'second' } } });
  });

describe('wiring in Chromium', () => {
  it('builds image → image-to-video → pikaswaps → output by dragging wires into empty space', async () => {
    const page = await h.fresh();
    const ex = JSON.parse(await readFile('examples/image-to-video-swaps.json', 'utf8'));
    const jpeg = Buffer.from(ex.nodes[0].data.params.url.split(',')[1], 'base64');
    await dropFile(page, jpeg, 'fox.jpg', 'image/jpeg', { x: 340, y: 260 });
    await page.locator('.pf-node[data-type="image"] [data-testid="node-image"]').waitFor();
    const [img] = await nodeIds(page, 'image');

    /** Drags a wire out of `node`'s output into empty canvas at `to` and picks `type` in the search. */
    const pullOut = async (node: string, port: string, to: Pt, query: string, type: string, how: 'click' | 'enter') => {
      const from = await centre(handle(node, 'source', port));
      await holdDrag(page, from, to);
      await page.mouse.up();
      const input = byTestId('node-search-input');
      await input.waitFor();
      expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type(query);
      await byTestId(`node-search-item-${type}`).waitFor();
      if (node === img) {
        // Filtered to what takes an image: image-to-video is offered, text-to-video is not.
        expect(await byTestId('node-search-item-pika-22-text-to-video').count()).toBe(0);
        await shot('01-search-after-release');
      }
      if (how === 'click') await byTestId(`node-search-item-${type}`).click();
      else await page.keyboard.press('Enter');
      await expect.poll(() => nodeIds(page, type).then((x) => x.length)).toBe(1);
      const [id] = await nodeIds(page, type);
      // Placed where the wire was let go: its left edge just right of the release point.
      const box = (await page.locator(`[data-testid="node-${id}"]`).boundingBox())!;
      expect(Math.abs(box.x - to.x)).toBeLessThan(40);
      return id;
    };

    // A zigzag that stays on screen: right, then down-left, then right again.
    const i2v = await pullOut(img, 'image', { x: 620, y: 300 }, 'video', 'pika-22-image-to-video', 'click');
    const swap = await pullOut(i2v, 'video', { x: 560, y: 640 }, 'pikaswaps', 'pika-pikaswaps', 'enter');
    const out = await pullOut(swap, 'video', { x: 920, y: 660 }, 'output', 'output', 'enter');
    expect(await wires(page)).toEqual(
      [
        [img, 'image', i2v, 'image'],
        [i2v, 'video', swap, 'video'],
        [swap, 'video', out, 'in'],
      ].sort(),
    );
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await shot('02-built-by-wires');
    // One undo takes back the last node with its wire.
    await page.keyboard.press('Control+z');
    await expect.poll(() => wires(page).then((w) => w.length)).toBe(2);
    expect(await nodeIds(page, 'output')).toEqual([]);
  });

  it('shows what fits while dragging, says why at the pointer, and replaces the wire in a taken input', async () => {
    const page = await h.fresh();
    await importGraph(page, await twoOfEach('Wire feedback'));
    const before = await wires(page);

    // Image output over Pikaswaps' video input: refused, with the reason at the pointer; its image input glows.
    const target = await centre(handle('swap', 'target', 'video'));
    await holdDrag(page, await centre(handle('img2', 'source', 'image')), target);
    const hint = byTestId('wire-hint');
    await expect.poll(() => hint.textContent()).toMatch(/Pikaswaps · Video takes video, but Image gives image/);
    const hintBox = (await hint.boundingBox())!;
    // Beside the pointer: its lower-left corner within a few pixels of it.
    expect(Math.hypot(hintBox.x - target.x, hintBox.y + hintBox.height - target.y)).toBeLessThan(40);
    const opacity = (node: string, port: string) =>
      handle(node, 'target', port).evaluate((el) => Number(getComputedStyle(el).opacity));
    expect(await opacity('swap', 'image')).toBe(1);
    expect(await opacity('i2v', 'prompt')).toBeLessThan(0.5);
    await shot('03-mid-drag-refused');
    await page.mouse.up();
    await expect.poll(() => hint.count()).toBe(0);
    expect(await wires(page)).toEqual(before);

    // The loose image onto image-to-video's taken image input: the old wire is replaced, and one undo brings it back.
    await holdDrag(
      page,
      await centre(handle('img2', 'source', 'image')),
      await centre(handle('i2v', 'target', 'image')),
    );
    await shot('04-mid-drag-fits');
    await page.mouse.up();
    await expect.poll(() => wires(page)).toContainEqual(['img2', 'image', 'i2v', 'image']);
    expect(await wires(page)).not.toContainEqual(['img', 'image', 'i2v', 'image']);
    expect(await wires(page)).toHaveLength(before.length);
    await page.keyboard.press('Control+z');
    await expect.poll(() => wires(page)).toEqual(before);

    // Let go on a node's body (not a handle): it plugs into the first input that takes it.
    const body = await centre(page.locator('[data-testid="node-out2"] .pf-node__head'));
    await holdDrag(page, await centre(handle('img2', 'source', 'image')), body);
    await page.mouse.up();
    await expect.poll(() => wires(page)).toContainEqual(['img2', 'image', 'out2', 'in']);
  });

  it('right-click menus on canvas, node and wire work by mouse and keyboard; double-click opens the search', async () => {
    const page = await h.fresh();
    await importGraph(page, await twoOfEach('Wire menus'));
    const menu = page.getByRole('menu');
    const item = (name: string | RegExp) => menu.getByRole('menuitem', { name });

    // Node menu by mouse: the re-roll says its price; "Disconnect all" takes the node's wires off.
    await page.locator('[data-testid="node-i2v"] .pf-node__title').click({ button: 'right' });
    await expect.poll(() => item(/^Re-roll · (free · )?\$\d+\.\d\d( on fal)?$/).count()).toBe(1);
    await shot('05-node-menu');
    await item('Disconnect all').click();
    await expect.poll(() => menu.count()).toBe(0);
    await expect.poll(() => wires(page)).toEqual([['swap', 'video', 'out', 'in']]);
    await page.keyboard.press('Control+z');
    await expect.poll(() => wires(page).then((w) => w.length)).toBe(3);

    // Node menu by keyboard: first item focused, arrows to Duplicate, Enter.
    await page.locator('[data-testid="node-swap"] .pf-node__title').click({ button: 'right' });
    await expect.poll(() => item('Run up to here').evaluate((el) => el === document.activeElement)).toBe(true);
    for (const _ of [1, 2]) await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Duplicate/);
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page, 'pika-pikaswaps').then((x) => x.length)).toBe(2);

    // Wire menu: right-click on the wire, Disconnect.
    await page.mouse.click(...xy(await wireMiddle(page, 'swap', 'out')), { button: 'right' });
    await item('Disconnect').waitFor();
    await shot('06-wire-menu');
    await page.keyboard.press('Enter');
    await expect.poll(() => wires(page)).not.toContainEqual(['swap', 'video', 'out', 'in']);

    // Canvas menu: Escape closes it; "Add node here…" by keyboard opens the search at that spot.
    const pane = page.locator('.react-flow__pane');
    const paneBox = (await pane.boundingBox())!;
    const spot = { x: paneBox.x + paneBox.width * 0.5, y: paneBox.y + paneBox.height - 120 };
    await page.mouse.click(spot.x, spot.y, { button: 'right' });
    await item('Tidy up').waitFor();
    await shot('07-canvas-menu');
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    await page.mouse.click(spot.x, spot.y, { button: 'right' });
    await expect.poll(() => item(/^Add node here/).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await byTestId('node-search').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => byTestId('node-search').count()).toBe(0);

    // Double-click on empty canvas: the search (not a zoom), and the node lands there.
    // The scale only: a node placed near the canvas's edge may pan the view a little to show it whole.
    const zoom = () =>
      page
        .locator('.react-flow__viewport')
        .evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a.toFixed(3));
    const z0 = await zoom();
    await page.mouse.dblclick(spot.x, spot.y);
    const input = byTestId('node-search-input');
    await input.waitFor();
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('prompt');
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page, 'prompt').then((x) => x.length)).toBe(1);
    const [p] = await nodeIds(page, 'prompt');
    const box = (await page.locator(`[data-testid="node-${p}"]`).boundingBox())!;
    expect(box.x < spot.x && spot.x < box.x + box.width && Math.abs(box.y - spot.y) < 60).toBe(true);
    expect(await zoom()).toBe(z0);
  });

  it('a selected wire stands out and its end drags off to detach it or onto another input to move it', async () => {
    const page = await h.fresh();
    await importGraph(page, await twoOfEach('Wire ends'));
    const edge = (s: string, t: string) => page.locator(`.react-flow__edge[aria-label*="from ${s} to ${t}"]`);
    const width = (s: string, t: string) =>
      edge(s, t)
        .locator('path.react-flow__edge-path')
        .evaluate((el) => Number.parseFloat(getComputedStyle(el).strokeWidth));

    await page.mouse.click(...xy(await wireMiddle(page, 'swap', 'out')));
    await expect.poll(() => edge('swap', 'out').getAttribute('class')).toMatch(/selected/);
    await expect.poll(() => width('swap', 'out')).toBeGreaterThanOrEqual(4);
    expect(await width('i2v', 'swap')).toBeLessThan(3);
    await shot('08-selected-wire');

    // Grab the ring around the wire's end (just outside the input handle) and move it to the second output.
    const end = await centre(handle('out', 'target', 'in'));
    const grip = { x: end.x - 8, y: end.y };
    await holdDrag(page, grip, await centre(handle('out2', 'target', 'in')));
    await shot('09-moving-wire-end');
    await page.mouse.up();
    await expect.poll(() => wires(page)).toContainEqual(['swap', 'video', 'out2', 'in']);
    expect(await wires(page)).not.toContainEqual(['swap', 'video', 'out', 'in']);

    // Select it again and drag its end into empty canvas: detached. Undo puts it back.
    await page.mouse.click(...xy(await wireMiddle(page, 'swap', 'out2')));
    await expect.poll(() => edge('swap', 'out2').getAttribute('class')).toMatch(/selected/);
    const end2 = await centre(handle('out2', 'target', 'in'));
    await holdDrag(page, { x: end2.x - 8, y: end2.y }, { x: end2.x - 60, y: end2.y + 200 });
    await page.mouse.up();
    await expect.poll(() => wires(page).then((w) => w.length)).toBe(2);
    await expect.poll(() => byTestId('node-search').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => wires(page)).toContainEqual(['swap', 'video', 'out2', 'in']);
  });

  it('a node placed from a wire let go at the canvas edge is panned fully into view', async () => {
    const page = await h.fresh();
    await importGraph(page, await twoOfEach('Edge placement'));
    const pane = (await page.locator('.pf-canvas').boundingBox())!;
    // Let go a few pixels inside the canvas's right edge: the new node would sit mostly under the side panel.
    await holdDrag(page, await centre(handle('i2v', 'source', 'video')), {
      x: pane.x + pane.width - 12,
      y: pane.y + 200,
    });
    await page.mouse.up();
    await byTestId('node-search-input').waitFor();
    await page.keyboard.type('trim');
    await byTestId('node-search-item-trim').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page, 'trim').then((x) => x.length)).toBe(1);
    const [trim] = await nodeIds(page, 'trim');
    const inside = async () => {
      const b = (await page.locator(`[data-testid="node-${trim}"]`).boundingBox())!;
      return (
        b.x >= pane.x && b.x + b.width <= pane.x + pane.width && b.y >= pane.y && b.y + b.height <= pane.y + pane.height
      );
    };
    await expect.poll(inside).toBe(true);
    expect(await wires(page)).toContainEqual(['i2v', 'video', trim, 'video']);
  });
});

const xy = (p: Pt) => [p.x, p.y] as const;
