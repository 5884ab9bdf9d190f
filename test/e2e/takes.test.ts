import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorForTests, example, importGraph, nodeIds } from './browser.ts';

/**
 * Takes (issue 13) as a designer uses them: Takes set to 4 in the inspector, the price ×4 before Run, four thumbnails
 * after it, a click on take 3 that only reruns what follows the node, the compare view playing the takes as one, and
 * a take kept as the node's seed. Runs go to the built-in local engine (free previews of what fal would make).
 */

const h = editorForTests();
const { byTestId, shot } = h;

type Store = { getState(): Record<string, unknown> };
/** The run on screen, as the shared reducer keeps it in the editor. */
const runNodes = (page: Page) =>
  page.evaluate(
    () =>
      ((window as unknown as { __pikaflow: Store }).__pikaflow.getState().run as {
        nodes: Record<string, { state: string; outputs?: Record<string, string>; takes?: { outputs?: object }[] }>;
      }) ?? null,
  );
const nodeData = (page: Page, id: string) =>
  page.evaluate(
    (nid) =>
      (
        (window as unknown as { __pikaflow: Store }).__pikaflow.getState().nodes as {
          id: string;
          data: { params: Record<string, unknown>; takes?: number; pick?: number };
        }[]
      ).find((n) => n.id === nid)!.data,
    id,
  );

/** prompt text → Turbo text-to-video (seed 42) → output, with a prompt of its own (no other test's cache). */
const boat = (prompt: string) =>
  example('turbo-text-to-video.json', (g) => {
    g.name = prompt;
    g.nodes[0].data.params.prompt = prompt;
  });

/** Presses Run and waits for that run (not the one before it) to complete. */
async function runAndWait(page: Page, press = () => byTestId('run').click()) {
  const runOf = () =>
    page.evaluate(() => {
      const run = (window as unknown as { __pikaflow: Store }).__pikaflow.getState().run as
        | { id: string; status: string }
        | undefined;
      return run ? { id: run.id, status: run.status } : null;
    });
  const before = (await runOf())?.id;
  await press();
  await expect
    .poll(runOf, { timeout: 60_000, interval: 250 })
    .toEqual({ id: expect.not.stringMatching(`^${before ?? '-'}$`), status: 'completed' });
}

describe('takes in Chromium', () => {
  it('four takes: priced ×4, run at once, take 3 picked reruns only the output, compared in sync, kept as the seed', async () => {
    const page = await h.fresh();
    await importGraph(page, await boat('a paper boat, four takes'));
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    const [out] = await nodeIds(page, 'output');
    const node = page.locator(`[data-testid="node-${t2v}"]`);
    await expect.poll(() => byTestId('estimate').textContent()).toContain('$0.20 on fal');

    await node.locator('.pf-node__title').click();
    await byTestId('input-takes').fill('4');
    await expect.poll(() => byTestId('takes-price').textContent()).toBe('4 × $0.20 to make');
    await expect.poll(() => byTestId('estimate').textContent()).toContain('$0.80 on fal');
    await expect.poll(() => node.getAttribute('data-plan')).toBe('run');
    expect(await node.locator('[data-testid="node-plan"]').textContent()).toBe('will run · 4 takes · free');
    await expect(node.locator('[data-testid^="take-"][data-state="idle"]').count()).resolves.toBe(4);

    await runAndWait(page);
    for (const n of [1, 2, 3, 4]) await node.locator(`[data-testid="take-${n}"] video`).waitFor({ timeout: 30_000 });
    expect(await node.locator('[data-testid="take-1"]').getAttribute('aria-pressed')).toBe('true');
    const first = await runNodes(page);
    expect(first.nodes[t2v].takes).toHaveLength(4);
    const outBefore = first.nodes[out].outputs;
    await shot('takes-01-grid');

    // Take 3: the node itself has it already (cached, free); only the output after it runs again.
    await node.locator('[data-testid="take-3"]').click();
    await expect.poll(() => node.locator('[data-testid="take-3"]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => nodeData(page, t2v)).toMatchObject({ takes: 4, pick: 2 });
    await expect.poll(() => page.locator(`[data-testid="node-${out}"]`).getAttribute('data-plan')).toBe('run');
    await expect.poll(() => node.getAttribute('data-plan')).toBe('cached');
    await expect.poll(() => byTestId('estimate').textContent()).toMatch(/^Free · 0 to preview · 1 cached/);
    await runAndWait(page);
    const second = await runNodes(page);
    expect(second.nodes[t2v].state).toBe('cached');
    expect(second.nodes[t2v].outputs).toEqual(first.nodes[t2v].takes?.[2].outputs);
    expect(second.nodes[out].state).toBe('done');
    expect(second.nodes[out].outputs).not.toEqual(outBefore);
    await page.locator(`[data-testid="node-${out}"] video`).waitFor();

    // Compare: the four takes side by side, one play and one scrub bar for all of them.
    await node.locator('[data-testid="takes-compare"]').click();
    const videos = page.locator('[data-testid="compare"] [data-testid="compare-video"]');
    await expect.poll(() => videos.count()).toBe(4);
    await byTestId('compare-play').click();
    const times = () => videos.evaluateAll((vs) => (vs as HTMLVideoElement[]).map((v) => [v.paused, v.currentTime]));
    await expect.poll(async () => (await times()).every(([paused, t]) => !paused && (t as number) > 0.2)).toBe(true);
    await shot('takes-02-compare');
    await byTestId('compare-play').click();
    await expect.poll(async () => (await times()).every(([paused]) => paused)).toBe(true);
    const bar = await byTestId('compare-scrub').boundingBox();
    await page.mouse.click(bar!.x + bar!.width * 0.5, bar!.y + bar!.height / 2);
    await expect
      .poll(async () => {
        const ts = (await times()).map(([, t]) => t as number);
        return Math.max(...ts) - Math.min(...ts) < 0.05 && ts[0] > 0.3;
      })
      .toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => byTestId('compare').count()).toBe(0);

    // Any two results compare too: both nodes selected, right-click, Compare.
    await page.locator(`[data-testid="node-${out}"] .pf-node__title`).click({ modifiers: ['Control'] });
    await node.locator('.pf-node__title').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Compare 2 outputs' }).click();
    await expect.poll(() => videos.count()).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => byTestId('compare').count()).toBe(0);
    await page.locator('.react-flow__pane').click({ position: { x: 900, y: 120 } });
    await node.locator('.pf-node__title').click();

    // Keep take 3: its seed (42 + 2) becomes the node's, one take again, and nothing needs making.
    await node.locator('[data-testid="takes-promote"]').click();
    await expect.poll(() => nodeData(page, t2v)).toMatchObject({ params: { seed: 44 } });
    expect(await nodeData(page, t2v)).not.toHaveProperty('takes');
    await expect.poll(() => node.locator('[data-testid="takes"]').count()).toBe(0);
    await expect.poll(() => byTestId('input-seed').inputValue()).toBe('44');
    await expect.poll(() => node.getAttribute('data-plan')).toBe('cached');
  });

  it('a re-roll adds a take and picks it, so the next Run keeps the re-rolled video', async () => {
    const page = await h.fresh();
    await importGraph(page, await boat('a paper boat, re-rolled'));
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    const node = page.locator(`[data-testid="node-${t2v}"]`);
    await runAndWait(page);
    const before = (await runNodes(page)).nodes[t2v].outputs;

    await node.locator('.pf-node__title').click();
    await runAndWait(page, () => byTestId('reroll').click());
    expect(await nodeData(page, t2v)).toMatchObject({ takes: 2, pick: 1 });
    await node.locator('[data-testid="take-2"] video').waitFor();
    const rerolled = (await runNodes(page)).nodes[t2v];
    expect(rerolled.outputs).not.toEqual(before);
    expect(rerolled.takes?.[0].outputs).toEqual(before); // the first take is kept, not made again

    await runAndWait(page);
    const after = (await runNodes(page)).nodes[t2v];
    expect(after.state).toBe('cached');
    expect(after.outputs).toEqual(rerolled.outputs);
  });
});
