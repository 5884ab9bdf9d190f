import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitRun } from '../server/helpers.ts';
import { dropFile, editorForTests, nodeIds } from './browser.ts';
import { serverApi, turboGraph } from './keeping-api.ts';

const h = editorForTests();
const { byTestId, shot } = h;
let srv: ReturnType<typeof serverApi>;
const base = () => h.server.url.replace(/\/$/, '');

beforeAll(() => {
  srv = serverApi(h.server.url);
});

/**
 * A stored template like the one the first test builds by hand (turbo text-to-video; `scene` → its prompt, `duration`),
 * named and prompted per test, so each test starts from its own template and its own cache entries.
 */
async function formApp(api: ReturnType<typeof serverApi>, name: string): Promise<string> {
  const g = await turboGraph(`${name}: a default scene`);
  const inputs = [
    { name: 'scene', label: 'Scene to film', node: 't2v', param: 'prompt' },
    { name: 'duration', node: 't2v', param: 'duration' },
  ];
  const saved = await api.json<{ id: string }>('POST', '/api/graphs', { name, graph: { ...g, inputs } });
  return saved.id;
}

describe('templates as apps in Chromium against the real server', () => {
  it('exposes two inputs, runs once (estimate drops to cached), saves, and copies the form link', async () => {
    const page = await h.fresh();
    await byTestId('example-turbo-text-to-video').click();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    await page.locator(`[data-testid="node-${t2v}"] .pf-node__title`).click();
    await byTestId('expose-toggle-prompt').check();
    await byTestId('expose-name-prompt').fill('scene');
    await byTestId('expose-label-prompt').fill('Scene to film');
    await byTestId('expose-toggle-duration').check();
    await expect
      .poll(() => page.locator(`[data-testid="node-${t2v}"] .pf-exposed`).allTextContents())
      .toEqual(['⇢ scene', '⇢ duration']);
    await shot('10-exposed-inputs');

    await byTestId('run').click();
    await expect
      .poll(() => page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.dataset.state)))
      .toEqual(['done', 'done']);
    // Everything is cached now: the estimate must say so without any edit (no key: every run is a free preview).
    await expect.poll(() => byTestId('estimate').textContent()).toMatch(/^Free · 0 to preview · 1 cached/);

    await page.keyboard.press('Control+s');
    await byTestId('save-name').fill('Boat app');
    await byTestId('save-confirm').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
    await byTestId('more-menu').click(); // the form links are in the top bar's ⋯ menu
    await byTestId('copy-form-link').click();
    const toast = await page.locator('.pf-toast').filter({ hasText: 'Form link' }).first().textContent();
    const link = toast!.match(/https?:\/\/\S+\/app\/[\w-]+/)![0];
    const templateId = link.split('/app/')[1];
    expect(link).toBe(`${base()}/app/${templateId}`);
    expect((await srv.getGraph(templateId)).name).toBe('Boat app');
  });

  it('opens the form page, shows a server error on its input, runs, and shows the video', async () => {
    const page = await h.fresh();
    const templateId = await formApp(srv, 'Form app');
    await page.goto(`${base()}/app/${templateId}`);
    await expect.poll(() => byTestId('app-title').textContent()).toBe('Form app');
    expect(await page.locator('.react-flow').count()).toBe(0);
    await byTestId('input-scene').fill('a paper fox in the rain');
    await byTestId('input-duration').fill('99');
    await byTestId('app-run').click();
    await expect
      .poll(() => page.locator('[data-testid="field-duration"] [data-testid="field-error"]').textContent())
      .toMatch(/10/);
    await shot('11-form-error');
    await byTestId('input-duration').fill('3');
    await byTestId('app-run').click();
    await expect.poll(() => byTestId('app-run-status').textContent()).toBe('completed');
    const video = page.locator('[data-testid="app-outputs"] video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && !v.paused)).toBe(true);
    expect(page.url()).toMatch(/\?run=/);
    await shot('12-form-run-done');
  });

  it('previews a grid batch (one item already made) and runs it into a gallery', async () => {
    const page = await h.fresh();
    const templateId = await formApp(srv, 'Gallery app');
    // One item of the grid is made beforehand (as the form would), so the plan has something cached.
    const made = await srv.json<{ id: string }>('POST', `/api/templates/${templateId}/runs`, {
      inputs: { scene: 'a heron over the marsh', duration: 3 },
    });
    expect((await waitRun(base(), made.id)).status).toBe('completed');

    await page.goto(`${base()}/app/${templateId}`);
    await byTestId('app-tab-batch').click();
    // Prompts one per line (a comma stays inside its prompt); the plan follows the typing.
    await byTestId('grid-scene').fill('a heron over the marsh\nan owl at dawn');
    await byTestId('grid-duration').fill('3, 2');
    await expect.poll(() => byTestId('plan-count').textContent()).toBe('4');
    expect(await byTestId('plan-cached').textContent()).toBe('1'); // (heron, 3) was made above
    expect(await byTestId('plan-submissions').textContent()).toBe('3');
    await byTestId('batch-run').click();
    await expect.poll(() => page.locator('[data-testid="batch-tile"][data-status="completed"]').count()).toBe(4);
    await expect.poll(() => page.locator('[data-testid="batch-gallery"] video').count()).toBe(4);
    await shot('14-batch-gallery');
    // A tile opens its run in the app view.
    await page.locator('[data-testid="tile-open-app"]').first().click();
    await expect.poll(() => byTestId('app-run-status').textContent()).toBe('completed');
  });

  it('opens a dropped graph JSON in the editor, asking before replacing unsaved work', async () => {
    const page = await h.fresh();
    const templateId = await formApp(srv, 'Replaced app');
    await page.goto(`${base()}/?template=${templateId}`);
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    await byTestId('doc-name').fill('Replaced app, edited');
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

describe('a budget caps a paid batch (fal played by a stand-in)', () => {
  const paid = editorForTests({ standIn: true });

  it('shows the plan over budget, is refused by the server with nothing sent, then runs without the cap', async () => {
    const page = await paid.fresh();
    const api = serverApi(paid.server.url);
    const id = (name: string) => page.locator(`[data-testid="${name}"]`);
    const templateId = await formApp(api, 'Budget app');
    await page.goto(`${paid.server.url.replace(/\/$/, '')}/app/${templateId}`);
    await id('app-tab-batch').click();
    await id('grid-scene').fill('a paper fox in the rain\nan owl at dawn');
    await id('grid-duration').fill('3, 2');
    await id('batch-budget').fill('0.3');
    await expect.poll(() => id('plan-count').textContent()).toBe('4');
    await id('plan-over-budget').waitFor();
    await id('batch-run').click();
    await expect.poll(() => id('batch-error').textContent()).toMatch(/over the budget/);
    expect(paid.standIn.counters.acceptedTotal).toBe(0);
    await paid.shot('13-batch-refused');
    await id('batch-budget').fill('');
    await id('plan-total').waitFor();
    await id('batch-run').click();
    await expect.poll(() => page.locator('[data-testid="batch-tile"][data-status="completed"]').count()).toBe(4);
    expect(paid.standIn.counters.acceptedTotal).toBe(4);
  });
});
