import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, editorForTests, importGraph, nodeIds, viewSettled } from './browser.ts';

const h = editorForTests({ shotPrefix: 'model-picker-' });
const { byTestId, shot } = h;
const node = (id: string) => h.page.locator(`[data-testid="node-${id}"]`);
const states = () => h.page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
const wires = () =>
  h.page.evaluate(() =>
    (window as unknown as { __pikaflow: { getState(): { edges: { id: string }[] } } }).__pikaflow
      .getState()
      .edges.map((e) => e.id)
      .sort(),
  );
/** The endpoint the run called for a node, as the run's own record says. */
const endpointOf = (id: string) =>
  h.page.evaluate(
    (nodeId) =>
      (
        window as unknown as {
          __pikaflow: { getState(): { run: { nodes: Record<string, { endpoint?: string }> } | null } };
        }
      ).__pikaflow.getState().run?.nodes[nodeId]?.endpoint,
    id,
  );

describe('one node per operation, with a model picker', () => {
  it('switches a wired Image → Video from 2.2 to Turbo with the mouse: wires stay, it runs, switching back keeps what it can', async () => {
    const page = await h.fresh();
    await byTestId('tab-templates').click();
    await byTestId('starter-image-to-video-swaps').click();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(4);
    await viewSettled(page); // the starter's tidy-up moves its nodes once they are measured
    const [i2v] = await nodeIds(page, 'pika-22-image-to-video');
    const before = await wires();
    expect(before).toHaveLength(3);
    // The header names the operation once; the picker says which version.
    await expect.poll(() => node(i2v).locator('.pf-node__title').textContent()).toBe('Image → Video');
    const picker = node(i2v).getByRole('button', { name: 'Model: 2.2' });

    await picker.click();
    const menu = page.getByRole('menu', { name: 'Model' });
    await menu.waitFor();
    expect(await menu.getByRole('menuitemradio').allTextContents()).toEqual([
      expect.stringMatching(/^Turbo.*\$0\.20$/),
      expect.stringMatching(/^2\.1.*\$0\.40$/),
      expect.stringMatching(/^✓2\.2.*\$0\.20$/),
    ]);
    await shot('01-menu-open');
    await menu.getByRole('menuitemradio', { name: /Turbo/ }).click();

    await expect.poll(() => node(i2v).getAttribute('data-type')).toBe('pika-turbo-image-to-video');
    await expect.poll(wires).toEqual(before);
    expect(await page.locator('.react-flow__edge').count()).toBe(3);
    await expect(node(i2v).getByRole('button', { name: 'Model: Turbo' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('.pf-toast').count()).toBe(0);
    await node(i2v).screenshot({ path: join(ARTIFACTS, 'model-picker-01b-node-turbo.png') });

    await byTestId('run').click();
    await expect.poll(states, { interval: 250, timeout: 60_000 }).toEqual(['done', 'done', 'done', 'done']);
    expect(await endpointOf(i2v)).toBe('fal-ai/pika/v2/turbo/image-to-video');
    await shot('02-turbo-ran');

    // Turbo takes 3 s; 2.2 takes only 5 or 10, so switching to 2.2 keeps the 3 aside and brings it back after.
    await node(i2v).locator('.pf-node__title').click();
    await byTestId('input-duration').fill('3');
    await byTestId('model-select').selectOption({ label: '2.2 · $0.20' });
    await expect.poll(() => node(i2v).getAttribute('data-type')).toBe('pika-22-image-to-video');
    await expect.poll(() => byTestId('input-duration').inputValue()).toBe('5');
    await expect.poll(() => byTestId('model-aside').textContent()).toMatch(/Duration \(s\): 3/);
    await shot('03-aside');
    await node(i2v).getByRole('button', { name: 'Model: 2.2' }).click();
    await page.getByRole('menuitemradio', { name: /Turbo/ }).click();
    await expect.poll(() => byTestId('input-duration').inputValue()).toBe('3');
    expect(await byTestId('model-aside').count()).toBe(0);
    expect(await wires()).toEqual(before);

    // Each switch is one undo step.
    await page.locator('.react-flow__pane').click({ position: { x: 900, y: 120 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => node(i2v).getAttribute('data-type')).toBe('pika-22-image-to-video');
  });

  it('opens an old version 1 graph of per-version node types and runs it the same: same price, then the cache', async () => {
    const page = await h.fresh();
    const v1 = JSON.parse(await readFile('test/shared/fixtures/graph-v1/fan-out-three-models.json', 'utf8'));
    expect(v1.version).toBe(1);
    await importGraph(page, v1, 'old-fan-out.json');
    // Three Text → Video nodes, one per version, each showing its version on the picker.
    for (const [id, version] of [
      ['turbo', 'Turbo'],
      ['v21', '2.1'],
      ['v22', '2.2'],
    ]) {
      await expect.poll(() => node(id).locator('.pf-node__title').textContent()).toBe('Text → Video');
      expect(
        await node(id)
          .getByRole('button', { name: `Model: ${version}` })
          .count(),
      ).toBe(1);
    }
    await expect.poll(() => byTestId('estimate').textContent()).toMatch(/\$0\.80/);
    await byTestId('run').click();
    await expect.poll(states, { interval: 250, timeout: 60_000 }).toEqual(Array(7).fill('done'));
    expect(await endpointOf('v21')).toBe('fal-ai/pika/v2.1/text-to-video');

    // Saved again it is version 2, and that document is the same work: every node comes from the cache.
    await byTestId('more-menu').click(); // Export is in the top bar's ⋯ menu
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('export').click()]);
    const v2 = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(v2.version).toBe(2);
    await h.fresh();
    await importGraph(h.page, { ...v2, name: 'Fan out again' }, 'fan-out-v2.json');
    await byTestId('run').click();
    await expect
      .poll(states, { interval: 250, timeout: 60_000 })
      .toEqual(['done', 'cached', 'cached', 'cached', 'done', 'done', 'done']);
  });

  it('lists each operation once in the palette; a search for a version finds it', async () => {
    const page = await h.fresh();
    const palette = byTestId('palette');
    expect(await palette.getByRole('button', { name: /^Image → Video/ }).count()).toBe(1);
    expect(await palette.getByRole('button', { name: /^Text → Video/ }).count()).toBe(1);
    await byTestId('palette-item-pika-22-image-to-video').hover();
    await expect.poll(() => byTestId('palette-tip').textContent()).toMatch(/Models: Turbo · 2\.1 · 2\.2/);
    await byTestId('palette-search').fill('turbo');
    const turbo = byTestId('palette-item-pika-turbo-image-to-video');
    await expect.poll(() => turbo.textContent()).toBe('↝Image → VideoTurbo');
    await shot('04-palette-search');
    await turbo.click();
    await expect.poll(() => nodeIds(page, 'pika-turbo-image-to-video').then((x) => x.length)).toBe(1);
    // From the keyboard: the picker opens on ArrowDown, the checked version has focus, Enter picks.
    const [id] = await nodeIds(page, 'pika-turbo-image-to-video');
    await node(id).getByRole('button', { name: 'Model: Turbo' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('menu', { name: 'Model' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => node(id).getAttribute('data-type')).toBe('pika-21-image-to-video');
  });
});
