import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, editorForTests, example, importGraph, viewSettled } from './browser.ts';

/**
 * Four small canvas defects, done as a designer would: a reroute's inspector offers nothing to run, Ctrl+A leaves
 * what a folded group hides alone, stale takes are dimmed and say so, and a wire refused on drop says why once.
 */

const h = editorForTests({ shotPrefix: 'canvas-leftovers-' });
const { shot } = h;

type Store = { getState(): Record<string, unknown> };
type StoreNode = { id: string; type: string; selected?: boolean };
const storeNodes = (page: Page) =>
  page.evaluate(() =>
    ((window as unknown as { __pikaflow: Store }).__pikaflow.getState().nodes as StoreNode[]).map((n) => ({
      id: n.id,
      type: n.type,
      selected: !!n.selected,
    })),
  );
const selectedIds = async (page: Page) =>
  (await storeNodes(page))
    .filter((n) => n.selected)
    .map((n) => n.id)
    .sort();
const runStatus = (page: Page) =>
  page.evaluate(
    () => ((window as unknown as { __pikaflow: Store }).__pikaflow.getState().run as { status: string } | null)?.status,
  );

/**
 * Imports with the Import button, as importGraph does, but waits for the nodes that are drawn as `.pf-node` (not the
 * reroute dot, the group frame, or what a folded group hides): `shown` of them.
 */
async function importShown(page: Page, doc: object, shown: number) {
  const canvas = page.locator('[data-testid="canvas"]');
  const framed = await canvas.getAttribute('data-framed');
  await page
    .locator('[data-testid="import-file"]')
    .setInputFiles({ name: 'leftovers.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect.poll(() => page.locator('.pf-node').count()).toBe(shown);
  await expect.poll(() => canvas.getAttribute('data-framed')).not.toBe(framed);
  await viewSettled(page);
}

/** prompt → reroute → Text → Video → output, and a trim beside it; `fold`: a folded group around prompt and video. */
function graph(fold: boolean) {
  const node = (id: string, type: string, x: number, y: number, params: Record<string, unknown> = {}) => ({
    id,
    type,
    position: { x, y },
    data: { params },
  });
  return {
    version: 1,
    name: 'leftovers',
    nodes: [
      node('p', 'prompt', 0, 0, { text: 'leftovers: a fox in snow' }),
      node('r', 'reroute', 300, 40),
      node('t2v', 'pika-turbo-text-to-video', 420, 0, { seed: 3 }),
      node('out', 'output', 780, 0, { name: 'video' }),
      node('trim', 'trim', 780, 320, { start: 0, end: 0.5 }),
      ...(fold
        ? [
            node('g', 'group', -30, -60, {
              color: 'blue',
              width: 760,
              height: 360,
              collapsed: true,
              members: ['p', 'r', 't2v'],
            }),
          ]
        : []),
    ],
    edges: [
      { id: 'e1', source: 'p', sourceHandle: 'text', target: 'r', targetHandle: 'in' },
      { id: 'e2', source: 'r', sourceHandle: 'out', target: 't2v', targetHandle: 'prompt' },
      { id: 'e3', source: 't2v', sourceHandle: 'video', target: 'out', targetHandle: 'in' },
    ],
    inputs: [],
  };
}

describe('canvas leftovers in Chromium', () => {
  it("a reroute's inspector offers no Run up to here; Ctrl+A selects what is on screen, not a folded group's nodes", async () => {
    const page = await h.fresh();
    await importShown(page, graph(false), 4);
    // A generation node offers it (so the check below can tell the difference)…
    await page.locator('[data-testid="node-t2v"] .pf-node__title').click();
    await byTestId(page, 'run-up-to').waitFor();
    // …a reroute, which only hands on what feeds it, does not.
    await page.locator('[data-testid="reroute-r"]').click();
    await expect.poll(() => selectedIds(page)).toEqual(['r']);
    await byTestId(page, 'node-label').waitFor();
    expect(await byTestId(page, 'run-up-to').count()).toBe(0);
    expect(await byTestId(page, 'reroll').count()).toBe(0);

    // Folded: prompt, reroute and video are hidden in the bar. Ctrl+A over the canvas takes the bar and the nodes
    // outside it; Delete then removes only those, never the hidden ones.
    await importShown(page, graph(true), 2);
    await page.locator('.pf-group').waitFor();
    await expect.poll(() => page.locator('.react-flow__node[data-id="t2v"]').count()).toBe(0);
    await page.locator('.react-flow__pane').click({ position: { x: 420, y: 620 } });
    await expect.poll(() => selectedIds(page)).toEqual([]); // on empty canvas: nothing selected yet
    await page.keyboard.press('Control+a');
    await expect.poll(() => selectedIds(page)).toEqual(['g', 'out', 'trim']);
    await shot('01-select-all-folded');
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await storeNodes(page)).map((n) => n.id).sort()).toEqual(['p', 'r', 't2v']);
  });

  it('dims takes made before the last change and says so; fresh takes are not dimmed', async () => {
    const page = await h.fresh();
    const doc = await example('turbo-text-to-video.json', (g) => {
      g.name = 'leftovers: stale takes';
      g.nodes[0].data.params.prompt = 'leftovers: two takes of a red kite';
      (g.nodes[0].data as { takes?: number }).takes = 2;
    });
    await importGraph(page, doc);
    const takes = page.locator('[data-testid="node-t2v"] [data-testid="takes"]');
    await takes.waitFor();
    await byTestId(page, 'run').click();
    await expect.poll(() => runStatus(page), { timeout: 60_000 }).toBe('completed');
    for (const n of [1, 2]) await takes.locator(`[data-testid="take-${n}"] video`).waitFor({ timeout: 30_000 });
    expect(await takes.getAttribute('data-previous')).toBe('false');
    expect(await takes.locator('[data-testid="takes-previous"]').count()).toBe(0);

    // A new prompt: both takes are from the old one, dimmed, with a line that says why.
    await page.locator('[data-testid="node-t2v"] .pf-node__title').click();
    await page
      .locator('[data-testid="field-prompt"] textarea, [data-testid="field-prompt"] input')
      .first()
      .fill('a blue kite');
    await expect.poll(() => takes.getAttribute('data-previous')).toBe('true');
    expect(await takes.locator('[data-testid="takes-previous"]').textContent()).toBe(
      'Takes from before your last change',
    );
    const opacity = await takes
      .locator('[data-testid="take-1"] video')
      .evaluate((el) => Number(getComputedStyle(el).opacity));
    expect(opacity).toBeLessThan(0.5);
    expect(await takes.locator('[data-testid="take-2"]').getAttribute('title')).toMatch(/made before your last change/);
    await shot('02-stale-takes');
  });

  it('a wire let go on a port that refuses it says why at the pointer, and no toast repeats it', async () => {
    const page = await h.fresh();
    await importGraph(page, await example('image-to-video-swaps.json'));
    const centre = async (sel: string) => {
      const b = (await page.locator(sel).boundingBox())!;
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    };
    await page.locator('.react-flow__edge').first().waitFor();
    const wiresBefore = await page.locator('.react-flow__edge').count();
    const from = await centre('.react-flow__handle.source[data-nodeid="img"][data-handleid="image"]');
    const to = await centre('.react-flow__handle.target[data-nodeid="swap"][data-handleid="video"]');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
    await page.mouse.move(to.x, to.y, { steps: 6 });
    const hint = byTestId(page, 'wire-hint');
    await expect.poll(() => hint.textContent()).toMatch(/takes video, but Image gives image/);
    await shot('03-refused-at-pointer');
    await page.mouse.up();
    // The release ends the drag (the hint goes) in the same handler that used to raise the toast.
    await expect.poll(() => hint.count()).toBe(0);
    expect(await page.locator('.pf-toast--error').allTextContents()).toEqual([]);
    expect(await page.locator('.react-flow__edge').count()).toBe(wiresBefore);
  });
});
