import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dragFromPalette, editorForTests, nodeIds, viewSettled, wire } from './browser.ts';

/** Nothing is lost: every load asks before replacing unsaved work, undoes as one step with its name, and a crashed
 * tab's draft comes back. */
const h = editorForTests({ shotPrefix: 'nothing-lost-' });
const { byTestId, shot } = h;
const nodeCount = () => h.page.locator('.pf-node').count();
const docName = () => byTestId('doc-name').inputValue();

/** The templates the server keeps, as the template list shows them. */
async function templates(): Promise<{ id: string; name: string; nodeCount: number; version: number }[]> {
  const res = await fetch(new URL('/api/graphs', h.server.url));
  return (await res.json()) as { id: string; name: string; nodeCount: number; version: number }[];
}

/** A prompt wired into Turbo text-to-video, built from the palette, named and saved as a template. */
async function buildAndSave(page: Page, name: string) {
  await dragFromPalette(page, 'prompt', { x: 600, y: 300 });
  await dragFromPalette(page, 'pika-turbo-text-to-video', { x: 1000, y: 300 });
  await expect.poll(nodeCount).toBe(2);
  const [prompt] = await nodeIds(page, 'prompt');
  const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
  await wire(page, prompt, 'text', t2v, 'prompt');
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
  await byTestId('save').click();
  await byTestId('save-name').fill(name);
  await byTestId('save-confirm').click();
  await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
}

/** Unsaved work on top of the saved template: one more node, dragged in. */
async function addOutput(page: Page) {
  await dragFromPalette(page, 'output', { x: 1000, y: 560 });
  await expect.poll(nodeCount).toBe(3);
  await expect.poll(() => byTestId('save-state').textContent()).toBe('Unsaved changes');
}

describe('opening something else over unsaved work', () => {
  it('asks first; Cancel keeps the work; Replace then Ctrl+Z brings graph and name back; Save files it rightly', async () => {
    const page = await h.fresh();
    await buildAndSave(page, 'Paper boats');
    await addOutput(page);

    await byTestId('tab-templates').click();
    await byTestId('starter-turbo-text-to-video').click();
    await byTestId('replace-dialog').waitFor();
    expect(await byTestId('replace-dialog').textContent()).toMatch(/Replace unsaved work\?.*“Paper boats”/);
    // Enter answers with the focused, harmless choice.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await shot('01-replace-dialog');
    await page.keyboard.press('Enter');
    await byTestId('replace-dialog').waitFor({ state: 'detached' });
    expect([await nodeCount(), await docName()]).toEqual([3, 'Paper boats']);

    await byTestId('starter-turbo-text-to-video').click();
    await byTestId('replace-confirm').click();
    await expect.poll(docName).toBe('Turbo text-to-video');
    await expect.poll(nodeCount).toBe(2);

    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Control+z');
    await expect.poll(docName).toBe('Paper boats');
    await expect.poll(nodeCount).toBe(3);
    expect(await nodeIds(page, 'output')).toHaveLength(1);
    await page.keyboard.press('Control+s');
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v2');
    expect((await templates()).map((t) => [t.name, t.nodeCount, t.version])).toEqual([['Paper boats', 3, 2]]);

    // Redo re-applies the starter with its own name; saving it asks for a name instead of overwriting Paper boats.
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(docName).toBe('Turbo text-to-video');
    await page.keyboard.press('Control+s');
    await byTestId('save-dialog').waitFor();
    await page.keyboard.press('Escape');
  });

  it('asks before a template from the list replaces unsaved work, and "Save first" saves it under its own name', async () => {
    const page = await h.fresh();
    await buildAndSave(page, 'Lanterns');
    for (const id of await page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.dataset.testid))) {
      await page.locator(`[data-testid="${id}"] .pf-node__title`).click();
      await page.keyboard.press('Delete');
    }
    await expect.poll(nodeCount).toBe(0);
    // An empty canvas has nothing to lose: a starter opens at once.
    await byTestId('tab-templates').click();
    await byTestId('starter-turbo-text-to-video').click();
    await expect.poll(nodeCount).toBe(2);
    await expect.poll(() => page.locator('[data-testid="replace-dialog"]').count()).toBe(0);
    await byTestId('doc-name').fill('Rainy street');
    await addOutput(page);

    await page.locator('[data-testid="template-Lanterns"] [data-testid="template-open"]').click();
    await byTestId('replace-dialog').waitFor();
    await byTestId('replace-save').click();
    // Never saved: the name is asked for right here, already filled in.
    expect(await byTestId('replace-save-name').inputValue()).toBe('Rainy street');
    await shot('02-replace-save-first');
    await byTestId('replace-save').click();
    await expect.poll(docName).toBe('Lanterns');
    await expect.poll(nodeCount).toBe(2);
    expect((await templates()).find((t) => t.name === 'Rainy street')?.nodeCount).toBe(3);
    expect((await templates()).find((t) => t.name === 'Lanterns')?.nodeCount).toBe(2);
  });
});

describe('a past run over unsaved work', () => {
  it('asks before its graph replaces an edit, and Ctrl+Z brings the edit back', async () => {
    const page = await h.fresh();
    await byTestId('tab-templates').click();
    await byTestId('starter-turbo-text-to-video').click(); // an empty canvas: no question
    await expect.poll(nodeCount).toBe(2);
    await viewSettled(page); // the starter's tidy-up lands after the load (a save before it read as unsaved again)
    await byTestId('save').click();
    await byTestId('save-name').fill('Night boats');
    await byTestId('save-confirm').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
    await byTestId('run').click();
    await byTestId('tab-runs').click();
    await expect.poll(() => byTestId('history-row').first().textContent()).toMatch(/completed/);

    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    const prompt = async () => {
      await page.locator(`[data-testid="node-${t2v}"] .pf-node__title`).click();
      return byTestId('input-prompt').inputValue();
    };
    const ran = await prompt();
    await byTestId('input-prompt').fill('A lantern drifting on a black canal');
    await byTestId('tab-runs').click();
    await byTestId('history-row').first().click();
    await byTestId('replace-dialog').waitFor();
    expect(await byTestId('replace-dialog').textContent()).toMatch(/Opening the run of .*“Night boats”/);
    await byTestId('replace-confirm').click();
    await expect.poll(prompt).toBe(ran);
    expect(await docName()).toBe('Night boats');

    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Control+z');
    await expect.poll(prompt).toBe('A lantern drifting on a black canal');
  });
});

describe('a crashed tab', () => {
  it('brings back the canvas, its name and template link, and says so', async () => {
    const page = await h.fresh();
    await buildAndSave(page, 'Crash course');
    await addOutput(page);
    // The draft is written shortly after the edit, with no unload needed.
    await expect
      .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('pikaflow.draft') ?? '{}').graph?.nodes?.length))
      .toBe(3);
    const cdp = await h.context.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    void cdp.send('Page.crash').catch(() => {});
    await crashed;

    const again = await h.context.newPage();
    h.page = again;
    await again.goto(h.server.url);
    await expect.poll(nodeCount).toBe(3);
    expect(await docName()).toBe('Crash course');
    expect(await byTestId('save-state').textContent()).toBe('Unsaved changes');
    await expect.poll(() => byTestId('toasts').textContent()).toMatch(/Restored your unsaved draft/);
    await shot('03-draft-restored');
    // The template link came back too: Save writes the next version in place, no name asked.
    await again.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await again.keyboard.press('Control+s');
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v2');
    expect((await templates()).find((t) => t.name === 'Crash course')?.nodeCount).toBe(3);
  });
});
