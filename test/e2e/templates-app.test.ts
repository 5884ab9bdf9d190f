import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, dropFile, nodeIds, openEditor, type EditorHarness } from './browser.ts';

let h: EditorHarness;
const shot = (name: string) => h.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
const byTestId = (id: string) => h.page.locator(`[data-testid="${id}"]`);
let templateId = '';

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  h = await openEditor();
}, 120_000);
afterAll(async () => h?.close());

describe('templates as apps in Chromium against the real server', () => {
  it('exposes two inputs, runs once (estimate drops to cached), saves, and copies the form link', async () => {
    const { page } = h;
    await byTestId('example-turbo-text-to-video').click();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    await page.locator(`[data-testid="node-${t2v}"] .pf-node__head`).click();
    await byTestId('expose-toggle-prompt').check();
    await byTestId('expose-name-prompt').fill('scene');
    await byTestId('expose-label-prompt').fill('Scene to film');
    await byTestId('expose-toggle-duration').check();
    await expect.poll(() => page.locator(`[data-testid="node-${t2v}"] .pf-exposed`).allTextContents()).toEqual(['⇢ scene', '⇢ duration']);
    await shot('10-exposed-inputs');

    await byTestId('run').click();
    await expect.poll(() => page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.dataset.state)), { timeout: 30_000 }).toEqual(['done', 'done']);
    // Everything is cached now: the estimate must say so without any edit (no key: every run is a free preview).
    await expect.poll(() => byTestId('estimate').textContent(), { timeout: 5_000 }).toMatch(/^Free · 0 to preview · 1 cached/);

    await page.keyboard.press('Control+s');
    await byTestId('save-name').fill('Boat app');
    await byTestId('save-confirm').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
    await byTestId('copy-form-link').click();
    const toast = await page.locator('.pf-toast').filter({ hasText: 'Form link' }).first().textContent();
    const link = toast!.match(/https?:\/\/\S+\/app\/[\w-]+/)![0];
    templateId = link.split('/app/')[1];
    expect(link).toBe(`${h.server.url.replace(/\/$/, '')}/app/${templateId}`);
  });

  it('opens the form page, shows a server error on its input, runs, and shows the video', async () => {
    const { page } = h;
    await page.goto(`${h.server.url.replace(/\/$/, '')}/app/${templateId}`);
    await expect.poll(() => byTestId('app-title').textContent()).toBe('Boat app');
    expect(await page.locator('.react-flow').count()).toBe(0);
    await byTestId('input-scene').fill('a paper fox in the rain');
    await byTestId('input-duration').fill('99');
    await byTestId('app-run').click();
    await expect.poll(() => page.locator('[data-testid="field-duration"] [data-testid="field-error"]').textContent()).toMatch(/10/);
    await shot('11-form-error');
    await byTestId('input-duration').fill('3');
    await byTestId('app-run').click();
    await expect.poll(() => byTestId('app-run-status').textContent(), { timeout: 30_000 }).toBe('completed');
    const video = page.locator('[data-testid="app-outputs"] video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && !v.paused), { timeout: 15_000 }).toBe(true);
    expect(page.url()).toMatch(/\?run=/);
    await shot('12-form-run-done');
  });

  it('previews a grid batch, is refused over budget, then runs it into a gallery', async () => {
    const { page } = h;
    await byTestId('app-tab-batch').click();
    await byTestId('grid-scene').fill('a paper fox in the rain, an owl at dawn');
    await byTestId('grid-duration').fill('3, 2');
    await byTestId('batch-budget').fill('0.3');
    await byTestId('batch-preview').click();
    await expect.poll(() => byTestId('plan-count').textContent()).toBe('4');
    expect(await byTestId('plan-cached').textContent()).toBe('1'); // the form's run made (fox, 3) already
    expect(await byTestId('plan-submissions').textContent()).toBe('3');
    await byTestId('plan-over-budget').waitFor();
    await byTestId('batch-run').click();
    await expect.poll(() => byTestId('batch-error').textContent()).toMatch(/over the budget/);
    await shot('13-batch-refused');
    await byTestId('batch-budget').fill('');
    await byTestId('batch-preview').click();
    await byTestId('plan-total').waitFor();
    await byTestId('batch-run').click();
    await expect.poll(() => page.locator('[data-testid="batch-tile"][data-status="completed"]').count(), { timeout: 45_000 }).toBe(4);
    await expect.poll(() => page.locator('[data-testid="batch-gallery"] video').count()).toBe(4);
    await shot('14-batch-gallery');
    // A tile opens its run in the app view.
    await page.locator('[data-testid="tile-open-app"]').first().click();
    await expect.poll(() => byTestId('app-run-status').textContent()).toBe('completed');
  });

  it('opens a dropped graph JSON in the editor, asking before replacing unsaved work', async () => {
    const { page } = h;
    await page.goto(`${h.server.url.replace(/\/$/, '')}/?template=${templateId}`);
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    await byTestId('doc-name').fill('Boat app, edited');
    const json = await readFile('examples/fan-out-three-models.json');
    await dropFile(page, json, 'fan-out.json', 'application/json', { x: 700, y: 500 });
    await byTestId('replace-dialog').waitFor();
    await shot('15-replace-dialog');
    await byTestId('replace-confirm').click();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(7);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
  });
});
