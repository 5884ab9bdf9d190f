import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { dragFromPalette, dropFile, editorForTests, example, importGraph, nodeIds, wire } from './browser.ts';

const h = editorForTests();
const { byTestId, shot } = h;

/** image → i2v → pikaswaps → output, imported under `name` with its own prompt (each test starts from its own graph). */
const swapsGraph = (name: string) =>
  example('image-to-video-swaps.json', (g) => {
    g.name = name;
    g.nodes.find((n) => n.id === 'i2v')!.data.params.prompt = `a fox in the snow, for ${name}`;
  });
const states = () => h.page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));

/** A real JPEG (the one the example ships), so the upload sniffing and the local engine see a true image. */
async function sampleJpeg(): Promise<Buffer> {
  const ex = JSON.parse(await readFile('examples/image-to-video-swaps.json', 'utf8'));
  const url: string = ex.nodes.find((n: { type: string }) => n.type === 'image').data.params.url;
  return Buffer.from(url.split(',')[1], 'base64');
}

describe('the editor in Chromium against the real server', () => {
  it('builds image → image-to-video → pikaswaps → output by drag and drop, refuses a wrong wire, runs it', async () => {
    const page = await h.fresh();
    await byTestId('local-banner').waitFor();
    await shot('01-empty');

    await dropFile(page, await sampleJpeg(), 'fox.jpg', 'image/jpeg', { x: 400, y: 250 });
    await page.locator('.pf-node[data-type="image"] [data-testid="node-image"]').waitFor();
    await dragFromPalette(page, 'pika-22-image-to-video', { x: 820, y: 250 });
    await dragFromPalette(page, 'pika-pikaswaps', { x: 400, y: 640 });
    await dragFromPalette(page, 'output', { x: 820, y: 640 });
    const [img] = await nodeIds(page, 'image');
    const [i2v] = await nodeIds(page, 'pika-22-image-to-video');
    const [swap] = await nodeIds(page, 'pika-pikaswaps');
    const [out] = await nodeIds(page, 'output');
    expect([img, i2v, swap, out].every(Boolean)).toBe(true);

    // Wrong kinds: an image held over the video input is refused, and the designer is told why at the pointer.
    const handleAt = async (sel: string) => {
      const r = (await page.locator(sel).boundingBox())!;
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    };
    const from = await handleAt(`.react-flow__handle.source[data-nodeid="${img}"][data-handleid="image"]`);
    const to = await handleAt(`.react-flow__handle.target[data-nodeid="${swap}"][data-handleid="video"]`);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await expect.poll(() => byTestId('wire-hint').textContent()).toMatch(/takes video, but Image gives image/);
    await shot('02-wrong-connection');
    await page.mouse.up();
    expect(await page.locator('.react-flow__edge').count()).toBe(0);

    await wire(page, img, 'image', i2v, 'image');
    await wire(page, i2v, 'video', swap, 'video');
    await wire(page, swap, 'video', out, 'in');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);

    await page.locator(`[data-testid="node-${i2v}"] .pf-node__title`).click();
    await byTestId('input-prompt').fill('a fox running through snow');
    await page.locator(`[data-testid="node-${swap}"] .pf-node__title`).click();
    await byTestId('input-prompt').fill('a golden crown');
    await page.locator('.react-flow__pane').click({ position: { x: 900, y: 120 } });
    await expect.poll(() => byTestId('estimate').textContent()).toMatch(/\$\d/);
    await shot('03-built');

    await byTestId('run').click();
    await expect.poll(states, { interval: 250 }).toEqual(['done', 'done', 'done', 'done']);
    const video = page.locator(`[data-testid="node-${out}"] video`);
    await video.waitFor();
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => !v.paused && v.currentTime > 0 && v.readyState >= 2))
      .toBe(true);
    await shot('04-run-done');
  });

  it('saves as a template, survives a reload, and opens again from the template list', async () => {
    const page = await h.fresh();
    await importGraph(page, await swapsGraph('Saved swap'));
    await page.keyboard.press('Control+s');
    await byTestId('save-name').fill('Saved swap');
    await byTestId('save-confirm').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');

    await page.reload();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(4);
    expect(await byTestId('save-state').textContent()).toBe('Saved · v1');

    // A blank canvas (the draft would otherwise bring the graph straight back), then open it from the list.
    await page.evaluate(() =>
      (window as unknown as { __pikaflow: { getState(): { load(g: unknown, t: unknown): void } } }).__pikaflow
        .getState()
        .load({ version: 1, nodes: [], edges: [], inputs: [] }, { name: 'blank' }),
    );
    await byTestId('empty-canvas').waitFor();
    await byTestId('tab-templates').click();
    await page.locator('[data-testid="template-Saved swap"] [data-testid="template-open"]').click();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(4);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await shot('05-templates');
  });

  it('keeps following a run across a page reload', async () => {
    const page = await h.fresh();
    await importGraph(page, await swapsGraph('Followed swap'));
    const [i2v] = await nodeIds(page, 'pika-22-image-to-video');
    await page.locator(`[data-testid="node-${i2v}"] .pf-node__title`).click();
    // Re-roll = run up to this node, generating it anew: a fresh generation is in flight when the page reloads.
    await byTestId('reroll').click();
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('pikaflow.activeRun')), { interval: 20 })
      .toBeTruthy();
    await page.reload();
    // Only what the re-rolled node needs ran; the nodes after it were not part of this run.
    await expect.poll(states, { interval: 250 }).toEqual(['done', 'done', 'idle', 'idle']);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('pikaflow.activeRun'))).toBeNull();
  });

  it('adds a node by typing on the canvas', async () => {
    const page = await h.fresh();
    await page.locator('.react-flow__pane').click({ position: { x: 600, y: 80 } });
    await page.keyboard.press('t');
    await byTestId('quick-add').waitFor();
    await page.keyboard.type('rim');
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page, 'trim').then((x) => x.length)).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page, 'trim').then((x) => x.length)).toBe(0);
  });

  it('undoes and redoes a delete from the keyboard', async () => {
    const page = await h.fresh();
    await importGraph(page, await swapsGraph('Undone swap'));
    const [out] = await nodeIds(page, 'output');
    await page.locator(`[data-testid="node-${out}"] .pf-node__title`).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.pf-node').count()).toBe(3);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.pf-node').count()).toBe(4);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('.pf-node').count()).toBe(3);
    await page.keyboard.press('Control+y'); // nothing more to redo
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.pf-node').count()).toBe(4);
  });

  it('exports the graph as JSON and imports it back unchanged', async () => {
    const page = await h.fresh();
    await importGraph(page, await swapsGraph('Fox swap'));
    await byTestId('more-menu').click(); // Export is in the top bar's ⋯ menu
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('export').click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported).toMatchObject({ version: 2, name: 'Fox swap' });
    expect(exported.nodes).toHaveLength(4);
    expect(exported.edges).toHaveLength(3);

    await page.evaluate(() =>
      (window as unknown as { __pikaflow: { getState(): { load(g: unknown, t: unknown): void } } }).__pikaflow
        .getState()
        .load({ version: 1, nodes: [], edges: [], inputs: [] }, { name: 'blank' }),
    );
    await byTestId('empty-canvas').waitFor();
    const doc = { ...exported, name: 'Fox swap (imported)' };
    await byTestId('import-file').setInputFiles({
      name: 'fox.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(doc)),
    });
    await expect.poll(() => page.locator('.pf-node').count()).toBe(4);
    const again = await page.evaluate(() =>
      (window as unknown as { __pikaflow: { getState(): { graph(): unknown } } }).__pikaflow.getState().graph(),
    );
    expect(again).toEqual(doc);

    await byTestId('import-file').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"version":1,"nodes":5}'),
    });
    await expect
      .poll(() =>
        page
          .locator('.pf-toast--error')
          .allTextContents()
          .then((t) => t.join()),
      )
      .toMatch(/Not a pikaflow graph/);
    await page.keyboard.press('?');
    await byTestId('help').waitFor();
    await shot('06-help');
    await page.keyboard.press('Escape');
    await byTestId('help').waitFor({ state: 'detached' });
  });
});
