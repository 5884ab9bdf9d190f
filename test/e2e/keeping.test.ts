import { beforeAll, describe, expect, it } from 'vitest';
import { dropFile, editorForTests, importGraph } from './browser.ts';
import { paramInPage, serverApi, turboGraph } from './keeping-api.ts';

/** Keeping work: provenance drops, stale saves, the template list's actions, and batches across a reload. */
const h = editorForTests({ shotPrefix: '2x-' });
const { byTestId, shot } = h;
let srv: ReturnType<typeof serverApi>;
const row = (name: string) => h.page.locator(`[data-testid="template-${name}"]`);

beforeAll(() => {
  srv = serverApi(h.server.url);
});

/** An edit in the page: the prompt of node t2v, through the inspector. */
async function editPrompt(text: string) {
  await h.page.locator('[data-testid="node-t2v"] .pf-node__title').click();
  await byTestId('input-prompt').fill(text);
  await expect.poll(() => byTestId('save-state').textContent()).toBe('Unsaved changes');
}

/** Saves the open canvas as a new template named `name` (Ctrl+S); returns its id. */
async function saveAsNew(name: string): Promise<string> {
  await h.page.keyboard.press('Control+s');
  await byTestId('save-name').fill(name);
  await byTestId('save-confirm').click();
  await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
  return (await srv.listGraphs()).find((g) => g.name === name)!.id;
}

describe('keeping work, in Chromium against the real server', () => {
  it('opens the graph that made a dropped output MP4', async () => {
    const page = await h.fresh();
    const runId = await srv.runToEnd(await turboGraph('a lighthouse keeper at dusk'));
    const mp4 = await srv.bytes(`/media/runs/${runId}/out.mp4`);
    await dropFile(page, mp4, 'lighthouse.mp4', 'video/mp4', { x: 700, y: 450 });
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    expect(await paramInPage(page, 't2v', 'prompt')).toBe('a lighthouse keeper at dusk');
    // The run is still known here, so its results show on the nodes, and no upload made a Video node instead.
    await expect
      .poll(() => page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.dataset.state)))
      .toEqual(['done', 'done']);
    expect(await page.locator('.pf-node[data-type="video"]').count()).toBe(0);
    await expect
      .poll(() =>
        page
          .locator('.pf-toast')
          .allTextContents()
          .then((t) => t.join()),
      )
      .toMatch(/Opened the graph of lighthouse\.mp4/);
    await shot('01-provenance-drop');
  });

  it('refuses a stale save and each way out works', async () => {
    const page = await h.fresh();
    await importGraph(page, await turboGraph('a keeper of the lighthouse'));
    const keeperId = await saveAsNew('Keeper');
    // Someone else saves behind the page's back.
    const saveBehind = async (id: string, prompt: string) => {
      const g = await srv.getGraph(id);
      g.graph.nodes.find((n) => n.id === 't2v')!.data.params.prompt = prompt;
      await srv.json('PUT', `/api/graphs/${id}`, { name: g.name, graph: g.graph, baseVersion: g.version });
    };

    // 1. Load theirs.
    await saveBehind(keeperId, 'their lighthouse');
    await editPrompt('my lighthouse');
    await page.keyboard.press('Control+s');
    await byTestId('conflict-dialog').waitFor();
    await shot('02-conflict');
    await byTestId('conflict-reload').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v2');
    expect(await paramInPage(page, 't2v', 'prompt')).toBe('their lighthouse');

    // 2. Save mine as a copy: theirs stays as they left it, mine is a new template, now the open one.
    await saveBehind(keeperId, 'their lighthouse, again');
    await editPrompt('my lighthouse, kept');
    await page.keyboard.press('Control+s');
    await byTestId('conflict-copy').click();
    await expect.poll(() => byTestId('doc-name').inputValue()).toBe('Keeper (copy)');
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
    const copy = (await srv.listGraphs()).find((g) => g.name === 'Keeper (copy)')!;
    expect((await srv.getGraph(copy.id)).graph.nodes.find((n) => n.id === 't2v')!.data.params.prompt).toBe(
      'my lighthouse, kept',
    );
    expect((await srv.getGraph(keeperId)).graph.nodes.find((n) => n.id === 't2v')!.data.params.prompt).toBe(
      'their lighthouse, again',
    );

    // 3. Overwrite theirs with mine.
    await saveBehind(copy.id, 'their copy');
    await editPrompt('mine wins');
    await page.keyboard.press('Control+s');
    await byTestId('conflict-overwrite').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v3');
    expect((await srv.getGraph(copy.id)).graph.nodes.find((n) => n.id === 't2v')!.data.params.prompt).toBe('mine wins');
  });

  it('renames, duplicates and deletes templates from the Templates panel', async () => {
    const page = await h.fresh();
    await importGraph(page, await turboGraph('a beacon on the rocks'));
    await saveAsNew('Beacon');
    // An unsaved edit on the open template survives its rename (the rename saves the stored graph, not the canvas).
    await editPrompt('mine, not saved yet');
    await byTestId('tab-templates').click();
    await row('Beacon').waitFor();
    await row('Beacon').locator('[data-testid="template-rename"]').click();
    await byTestId('rename-input').fill('Lighthouse');
    await byTestId('rename-input').press('Enter');
    await row('Lighthouse').waitFor();
    // It was the open template: the top bar follows the new name and stays saved (the rename is a new version).
    await expect.poll(() => byTestId('doc-name').inputValue()).toBe('Lighthouse');
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Unsaved changes');
    await page.keyboard.press('Control+s');
    // v1 saved, v2 the rename, v3 this save.
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v3');
    const renamed = (await srv.listGraphs()).find((g) => g.name === 'Lighthouse')!;
    expect((await srv.getGraph(renamed.id)).graph.nodes.find((n) => n.id === 't2v')!.data.params.prompt).toBe(
      'mine, not saved yet',
    );

    await row('Lighthouse').locator('[data-testid="template-duplicate"]').click();
    await row('Lighthouse (copy)').waitFor();
    await shot('03-templates-renamed-duplicated');

    const del = row('Lighthouse (copy)').locator('[data-testid="template-delete"]');
    await del.click();
    await expect.poll(() => del.textContent()).toBe('Really delete?');
    await del.click();
    await row('Lighthouse (copy)').waitFor({ state: 'detached' });
    const names = (await srv.listGraphs()).map((g) => g.name);
    expect(names).toContain('Lighthouse');
    expect(names).not.toContain('Lighthouse (copy)');
    expect(names).not.toContain('Beacon');
    await shot('04-templates-deleted');
  });

  it('lists past batches after a reload and reopens one from the address, following it to the end', async () => {
    const page = await h.fresh();
    // Its own template, with the seed exposed so a batch can vary it.
    const g = await turboGraph('a keeper counts the ships');
    const { id: keeperId } = await srv.json<{ id: string }>('POST', '/api/graphs', {
      name: 'Batch keeper',
      graph: { ...g, inputs: [{ name: 'seed', node: 't2v', param: 'seed' }] },
    });
    const older = await srv.json<{ id: string }>('POST', `/api/templates/${keeperId}/batches`, {
      grid: { seed: [1, 2, 3] },
    });

    await page.goto(`${srv.url}/app/${keeperId}`);
    await byTestId('app-tab-batch').click();
    await byTestId('grid-seed').fill('7, 8');
    // The plan follows the typing; Run batch is enabled once it is of these inputs.
    await byTestId('plan-total').waitFor();
    await byTestId('batch-run').click();
    await expect.poll(() => page.url()).toMatch(/\?batch=/);
    const newer = new URL(page.url()).searchParams.get('batch')!;
    await expect.poll(() => page.locator('[data-testid="batch-tile"][data-status="completed"]').count()).toBe(2);

    await page.reload();
    // The address names the batch: the Batch tab opens with it expanded, the older one listed below it.
    await expect
      .poll(() => page.locator('[data-testid="batch-row"]').evaluateAll((els) => els.map((e) => e.dataset.batch)))
      .toEqual([newer, older.id]);
    const rows = page.locator('[data-testid="batch-row"]');
    expect(await rows.nth(0).getAttribute('data-open')).toBe('true');
    expect(await rows.nth(0).locator('[data-testid="batch-progress"]').textContent()).toMatch(/2\/2 finished/);
    await expect.poll(() => page.locator('[data-testid="batch-gallery"] video').count()).toBe(2);
    await expect
      .poll(() => rows.nth(1).locator('[data-testid="batch-progress"]').textContent())
      .toMatch(/3\/3 finished/);
    await shot('05-batches-after-reload');

    // Expanding the older one swaps the gallery and the address.
    await rows.nth(1).locator('[data-testid="batch-row-toggle"]').click();
    await expect.poll(() => page.locator('[data-testid="batch-tile"]').count()).toBe(3);
    expect(new URL(page.url()).searchParams.get('batch')).toBe(older.id);

    // A batch started elsewhere, opened by its link while it still runs, is followed until every run ends.
    const fresh = await srv.json<{ id: string }>('POST', `/api/templates/${keeperId}/batches`, {
      grid: { seed: [21, 22, 23, 24] },
    });
    await page.goto(`${srv.url}/app/${keeperId}?batch=${fresh.id}`);
    const top = page.locator('[data-testid="batch-row"]').first();
    await expect.poll(() => top.getAttribute('data-batch')).toBe(fresh.id);
    await shot('06-batch-following');
    await expect.poll(() => top.locator('[data-testid="batch-progress"]').textContent()).toMatch(/4\/4 finished/);
    await expect.poll(() => top.locator('[data-testid="batch-tile"][data-status="completed"]').count()).toBe(4);
    await shot('07-batch-followed');
  });
});
