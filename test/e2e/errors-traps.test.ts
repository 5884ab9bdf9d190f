import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../shared/cost.ts';
import { byTestId, drag, editorForTests, importGraph } from './browser.ts';
import { paramInPage, serverApi, turboGraph } from './keeping-api.ts';

/**
 * Issue 12, points 6 and 7, done the way a designer does them: problems read in plain words and name the node as the
 * canvas does, and every problem (overview, run bar, toast) takes you to the node and its field; the small traps
 * (seed field, batch prompts with commas, the expose switch, Output's name, Open form, Re-roll's price) are gone.
 */

const h = editorForTests({ shotPrefix: 'errors-traps-' });
const { shot } = h;

/**
 * Two videos into a Concatenate, all on screen once the graph is framed (a person clicks what they see: the node used
 * to sit off-screen at 2600,1500, and clicking it depended on the browser scrolling the canvas). "Pans to it" gets
 * somewhere to go from lookElsewhere, which drags the view away first.
 */
const concatDoc = {
  version: 1,
  name: 'Errors and traps',
  nodes: [
    { id: 'cat', type: 'concatenate', position: { x: 700, y: 160 }, data: { params: { crossfade: 1 } } },
    { id: 'v1', type: 'video', position: { x: 0, y: 0 }, data: { params: { url: 'https://example.com/a.mp4' } } },
    { id: 'v2', type: 'video', position: { x: 0, y: 320 }, data: { params: { url: 'https://example.com/b.mp4' } } },
  ],
  edges: [
    { id: 'e1', source: 'v1', sourceHandle: 'video', target: 'cat', targetHandle: 'videos', data: { order: 0 } },
    { id: 'e2', source: 'v2', sourceHandle: 'video', target: 'cat', targetHandle: 'videos', data: { order: 1 } },
  ],
};

/** How far the node's centre is from the canvas's centre, in screen pixels. */
async function offCentre(page: Page, nodeId: string): Promise<number> {
  const pane = (await page.locator('.react-flow').boundingBox())!;
  const node = await page.locator(`[data-testid="node-${nodeId}"]`).boundingBox();
  if (!node) return Number.POSITIVE_INFINITY;
  const dx = node.x + node.width / 2 - (pane.x + pane.width / 2);
  const dy = node.y + node.height / 2 - (pane.y + pane.height / 2);
  return Math.hypot(dx, dy);
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
const selectedIds = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __pikaflow: { getState(): { nodes: { id: string; selected?: boolean }[] } } }).__pikaflow
      .getState()
      .nodes.filter((n) => n.selected)
      .map((n) => n.id),
  );

/** Clears the selection and drags the canvas so the Concatenate node is far off screen. */
async function lookElsewhere(page: Page, nodeId: string) {
  // The top-left corner of the canvas: clear of nodes, the zoom buttons and the mini map.
  const pane = (await page.locator('.react-flow').boundingBox())!;
  await page.mouse.click(pane.x + 30, pane.y + 30);
  await expect.poll(() => selectedIds(page)).toEqual([]);
  const from = { x: pane.x + 40, y: pane.y + 40 };
  await drag(page, from, { x: from.x + 700, y: from.y + 500 });
  await expect.poll(() => offCentre(page, nodeId)).toBeGreaterThan(500);
}

/** After a click on a problem: the node is selected, brought to the middle of the canvas, its field focused. */
async function expectRevealed(page: Page, nodeId: string, field: string) {
  await expect.poll(() => selectedIds(page)).toEqual([nodeId]);
  await expect.poll(() => offCentre(page, nodeId)).toBeLessThan(40);
  await expect.poll(() => focusedTestId(page)).toBe(`input-${field}`);
}

describe('plain-language problems that lead to their field', () => {
  it('names the node by its label in plain words; overview, run bar and toast each take you to the field', async () => {
    const page = await h.fresh();
    await importGraph(page, concatDoc);
    const node = page.locator('[data-testid="node-cat"]');
    await node.locator('.pf-node__title').click();
    await byTestId(page, 'node-label').fill('Final cut');
    await byTestId(page, 'input-crossfade').fill('5');
    await expect
      .poll(() => page.locator('[data-testid="field-crossfade"] [data-testid="field-error"]').textContent())
      .toBe('Cross-fade can be at most 3 s');

    // The overview (nothing selected) lists it with the node's name, never its id or zod's words.
    await lookElsewhere(page, 'cat');
    const problem = byTestId(page, 'overview-problem').first();
    await expect.poll(() => problem.textContent()).toBe('Final cut: cross-fade can be at most 3 s');
    await shot('01-overview-problem');
    await problem.click();
    await expectRevealed(page, 'cat', 'crossfade');
    await shot('02-revealed');

    // The run bar's "to fix" does the same.
    await lookElsewhere(page, 'cat');
    const fix = byTestId(page, 'runbar-problems');
    expect(await fix.textContent()).toBe('⚠ 1 to fix');
    await fix.click();
    await expectRevealed(page, 'cat', 'crossfade');

    // Run anyway: the server refuses, and its toast names the node and goes there too.
    await lookElsewhere(page, 'cat');
    await byTestId(page, 'run').click();
    const toast = byTestId(page, 'toast-error');
    await expect.poll(() => toast.textContent()).toMatch(/^Cannot run: Final cut: cross-fade can be at most 3 s/);
    expect(await toast.textContent()).not.toMatch(/"cat"|Too big|<=/);
    await shot('03-toast');
    await toast.click();
    await expectRevealed(page, 'cat', 'crossfade');
  });

  it('keeps the seed box and its focus while it is cleared or half typed, and checks it on leaving', async () => {
    const page = await h.fresh();
    const doc = JSON.parse(await readFile(join('examples', 'image-to-video-swaps.json'), 'utf8'));
    await importGraph(page, doc);
    await page.locator('[data-testid="node-i2v"] .pf-node__title').click();
    const seed = byTestId(page, 'input-seed');
    await seed.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    // Still there, still focused; Backspace in a box never deletes the node.
    expect(await seed.isVisible()).toBe(true);
    expect(await focusedTestId(page)).toBe('input-seed');
    expect(await page.locator('.pf-node').count()).toBe(4);
    await page.keyboard.type('-5');
    expect(await seed.inputValue()).toBe('-5');
    expect(await focusedTestId(page)).toBe('input-seed');
    expect(await byTestId(page, 'quick-add').count()).toBe(0);
    // Only a whole number is kept; leaving the box says why the old one still stands.
    expect(String(await paramInPage(page, 'i2v', 'seed'))).toBe('7');
    await page.keyboard.press('Tab');
    await expect.poll(() => byTestId(page, 'seed-error-seed').textContent()).toMatch(/whole number.*stays 7/);
    await shot('04-seed-checked');
    await seed.fill('42');
    await expect.poll(() => paramInPage(page, 'i2v', 'seed')).toBe(42);
    expect(await byTestId(page, 'seed-error-seed').count()).toBe(0);
  });

  it('exposes a field with a labelled switch, never Output’s name; Re-roll shows its price; Open form opens it', async () => {
    const page = await h.fresh();
    const doc = JSON.parse(await readFile(join('examples', 'image-to-video-swaps.json'), 'utf8'));
    await importGraph(page, doc);
    await page.locator('[data-testid="node-i2v"] .pf-node__title').click();
    const prompt = byTestId(page, 'field-prompt');
    const switchOpacity = () =>
      prompt.locator('.pf-expose__switch').evaluate((el) => Number(getComputedStyle(el).opacity));
    // Off, the switch shows only on the field under the pointer (or with the focus).
    await expect.poll(switchOpacity).toBe(0);
    await prompt.hover();
    await expect.poll(switchOpacity).toBe(1);
    await prompt.getByText('Template input').click();
    expect(await byTestId(page, 'expose-toggle-prompt').isChecked()).toBe(true);
    await expect.poll(() => prompt.getByLabel('Name').inputValue()).toBe('prompt');
    await expect.poll(() => prompt.getByLabel('Label').inputValue()).toBe('Prompt');
    await page.mouse.move(5, 500);
    await expect.poll(switchOpacity).toBe(1); // on: it stays
    await shot('05-exposed-with-labels');

    // Re-roll says what it spends: the shared price of this node (free here: without a key every run is a preview).
    const i2v = doc.nodes.find((n: { id: string }) => n.id === 'i2v');
    const price = estimateCost({ nodes: [{ ...i2v, position: { x: 0, y: 0 } }] }).total;
    expect(price).toBeGreaterThan(0);
    expect(await byTestId(page, 'reroll').textContent()).toBe(`⟳ Re-roll · free · $${price.toFixed(2)} on fal`);

    await page.locator('[data-testid="node-out"] .pf-node__title').click();
    await byTestId(page, 'field-name').waitFor();
    expect(await byTestId(page, 'expose-toggle-name').count()).toBe(0);

    await page.keyboard.press('Control+s');
    await byTestId(page, 'save-name').fill('Errors traps form');
    await byTestId(page, 'save-confirm').click();
    await expect.poll(() => byTestId(page, 'save-state').textContent()).toBe('Saved · v1');
    await byTestId(page, 'more-menu').click(); // the form links are in the top bar's ⋯ menu
    const [form] = await Promise.all([page.context().waitForEvent('page'), byTestId(page, 'open-form').click()]);
    await expect.poll(() => form.locator('[data-testid="app-title"]').textContent()).toBe('Errors traps form');
    expect(form.url()).toMatch(/\/app\/[\w-]+$/);
    await form.close();
  });

  it('takes batch prompts one per line (commas stay inside), and plans while typing', async () => {
    const page = await h.fresh();
    const api = serverApi(h.server.url);
    const graph = await turboGraph('errors-traps: a default scene');
    const inputs = [{ name: 'scene', label: 'Scene to film', node: 't2v', param: 'prompt' }];
    const { id } = await api.json<{ id: string }>('POST', '/api/graphs', {
      name: 'Batch lines',
      graph: { ...graph, inputs },
    });
    await page.goto(`${api.url}/app/${id}`);
    await byTestId(page, 'app-tab-batch').click();
    await byTestId(page, 'grid-scene').click();
    await page.keyboard.type('a fox, running in the rain');
    await page.keyboard.press('Enter');
    await page.keyboard.type('an owl, at dawn');
    // No button to press: the plan follows the typing.
    await expect.poll(() => byTestId(page, 'plan-count').textContent()).toBe('2');
    await expect.poll(() => byTestId(page, 'batch-run').textContent()).toBe('▶ Run batch · 2');
    expect(await byTestId(page, 'batch-run').isEnabled()).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.type('a heron, over the marsh');
    await expect.poll(() => byTestId(page, 'plan-count').textContent()).toBe('3');
    await shot('06-batch-lines');
  });
});
