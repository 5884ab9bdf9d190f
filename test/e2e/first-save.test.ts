import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { editorForTests, viewSettled } from './browser.ts';
import { serverApi, turboGraph } from './keeping-api.ts';

/**
 * What a designer meets around a first save: runs made before it stay with the template, a starter's tidy-up never
 * turns a fresh save into "Unsaved changes", and a free preview batch over its budget is told the truth.
 */
const h = editorForTests({ shotPrefix: 'first-save-' }); // no key: every run and batch is a free preview
const { byTestId, shot } = h;
let srv: ReturnType<typeof serverApi>;

beforeAll(() => {
  srv = serverApi(h.server.url);
});

interface Seen {
  template: { id?: string };
  run: { id: string; status: string } | null;
  nodes: { id: string; position: { x: number; y: number } }[];
}
const seen = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { __pikaflow: { getState(): Seen } }).__pikaflow.getState();
    return { template: s.template, run: s.run && { id: s.run.id, status: s.run.status }, nodes: s.nodes };
  });

/** Presses Run and waits for that run (a new one) to complete; answers its id. */
async function runOnce(page: Page): Promise<string> {
  const before = (await seen(page)).run?.id;
  await byTestId('run').click();
  await expect.poll(async () => (await seen(page)).run?.id).not.toBe(before);
  await expect.poll(async () => (await seen(page)).run?.status).toBe('completed');
  return (await seen(page)).run!.id;
}

async function saveAs(name: string) {
  await h.page.keyboard.press('Control+s');
  await byTestId('save-name').fill(name);
  await byTestId('save-confirm').click();
}

describe('a first save', () => {
  it('keeps the runs made of the document before it was saved (and only those) in its Runs tab', async () => {
    const page = await h.fresh();
    await byTestId('example-turbo-text-to-video').click();
    await viewSettled(page);
    const earlier = await runOnce(page); // a run of a document that is then replaced
    await byTestId('tab-templates').click();
    await byTestId('starter-turbo-text-to-video').click();
    await viewSettled(page);
    const mine = [await runOnce(page), await runOnce(page)];

    await saveAs('Runs before saving');
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
    await byTestId('tab-runs').click();
    await expect.poll(() => byTestId('history-row').count()).toBe(2);
    await expect(byTestId('run-history').textContent()).resolves.not.toMatch(/No runs yet/);
    await shot('runs-tab');
    const id = (await seen(page)).template.id!;
    const listed = await srv.json<{ id: string }[]>('GET', `/api/runs?graphId=${id}`);
    expect(listed.map((r) => r.id).sort()).toEqual([...mine].sort());
    expect(listed.map((r) => r.id)).not.toContain(earlier);
  });

  it("saves a starter at once: its tidy-up is part of what is saved, and it stays 'Saved'", async () => {
    const page = await h.fresh();
    // The tidy-up's layout engine is held until the save was asked for, so the save lands while the tidy-up pends.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let wasHeld = false;
    await page.route(/\/assets\/elk[^/]*\.js$/, async (route) => {
      wasHeld = true;
      await held;
      await route.continue();
    });
    await byTestId('example-turbo-text-to-video').click();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    await saveAs('Tidy starter');
    release();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
    await viewSettled(page);
    expect(wasHeld).toBe(true);
    expect(await byTestId('save-state').textContent()).toBe('Saved · v1');
    // What was saved is what is on screen: the tidied layout, not the starter's hand-written positions.
    const shown = await seen(page);
    const saved = await srv.getGraph(shown.template.id!);
    const at = (nodes: object[]) => Object.fromEntries((nodes as Seen['nodes']).map((n) => [n.id, n.position]));
    expect(at(saved.graph.nodes)).toEqual(at(shown.nodes));
    await shot('starter-saved');
  });

  it('says a free preview batch over the budget runs and what it would cost on fal, and runs it', async () => {
    const page = await h.fresh();
    const g = await turboGraph('First-save form: a default scene');
    const inputs = [
      { name: 'scene', label: 'Scene to film', node: 't2v', param: 'prompt' },
      { name: 'duration', node: 't2v', param: 'duration' },
    ];
    const { id } = await srv.json<{ id: string }>('POST', '/api/graphs', {
      name: 'Preview budget',
      graph: { ...g, inputs },
    });
    await page.goto(`${srv.url}/app/${id}`);
    await byTestId('app-tab-batch').click();
    await byTestId('grid-scene').fill('a kite over dunes\na lantern in fog');
    await byTestId('grid-duration').fill('3, 2');
    await byTestId('batch-budget').fill('0.3');
    await expect.poll(() => byTestId('plan-count').textContent()).toBe('4');
    const note = byTestId('plan-preview-budget');
    await note.waitFor();
    const total = (await byTestId('plan-total').textContent())!;
    expect(Number(total.slice(1))).toBeGreaterThan(0.3);
    expect(await note.textContent()).toMatch(/free preview spends nothing, so this batch runs/i);
    expect(await note.textContent()).toContain(`On fal it would cost ${total}, over your budget of $0.30`);
    expect(await byTestId('plan-over-budget').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toMatch(/will refuse this batch/);
    await shot('preview-over-budget');
    await byTestId('batch-run').click();
    await expect.poll(() => page.locator('[data-testid="batch-tile"][data-status="completed"]').count()).toBe(4);
    expect(await byTestId('batch-error').count()).toBe(0);
  });
});
