import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, editorForTests, example, importGraph, nodeIds } from './browser.ts';

/**
 * Issue 13 (4, 5) in Chromium: a result can be shown large in place, scrubbed by hovering, and opened full size with
 * where it came from; the editor is light or dark after the system, or after the designer's own pick.
 */

const h = editorForTests({ shotPrefix: 'previews-themes-' });
const { shot } = h;
const states = (page: Page) =>
  page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
const theme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme);
const canvasBg = (page: Page) => page.locator('.react-flow').evaluate((el) => getComputedStyle(el).backgroundColor);

/** The turbo example with this test's own prompt (no other test's cache), run to the end on the preview engine. */
async function runTurbo(page: Page, prompt: string) {
  await importGraph(
    page,
    await example('turbo-text-to-video.json', (g) => {
      g.nodes.find((n) => n.id === 't2v')!.data.params.prompt = prompt;
    }),
  );
  await byTestId(page, 'run').click();
  await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'done']);
}

describe('results: large in place, hover-scrubbed, opened full size', () => {
  it('enlarges a video in place, scrubs it under the pointer, and plays it full size with its facts', async () => {
    const page = await h.fresh();
    const prompt = 'A kite over a windy beach, seen from below';
    await runTurbo(page, prompt);
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    const node = byTestId(page, `node-${t2v}`);
    const video = node.locator('[data-testid="node-video"]');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);

    // ⤢: the node grows to show the result large, and says it is pressed; ⤡ brings it back.
    const narrow = (await node.boundingBox())!.width;
    await node.hover();
    await node.locator('[data-testid="enlarge-preview"]').click();
    await expect.poll(async () => (await node.boundingBox())!.width).toBeGreaterThan(narrow * 1.8);
    expect(await node.locator('[data-testid="enlarge-preview"]').getAttribute('aria-pressed')).toBe('true');
    const tall = (await video.boundingBox())!;
    expect(tall.height).toBeGreaterThan(200);
    await shot('enlarged');

    // Hover scrub: the pointer's x picks the frame, with no click and no play.
    const at = async (fraction: number) => {
      await page.mouse.move(tall.x + tall.width * fraction, tall.y + tall.height / 2, { steps: 3 });
      return video.evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, d: v.duration, paused: v.paused }));
    };
    const early = await at(0.1);
    const late = await at(0.85);
    expect(late.paused).toBe(true);
    expect(early.t).toBeCloseTo(early.d * 0.1, 0);
    expect(late.t).toBeCloseTo(late.d * 0.85, 0);
    expect(late.t).toBeGreaterThan(early.t + late.d / 2);

    // Double-click: the full-size player, with the prompt, seed, cost, engine, request id and a download link.
    await node.locator('[data-testid="open-player"]').dblclick();
    const player = page.getByRole('dialog');
    await player.waitFor();
    const requestId = await page.evaluate(
      (id) =>
        (
          window as unknown as {
            __pikaflow: { getState(): { run: { nodes: Record<string, { requestId?: string }> } } };
          }
        ).__pikaflow.getState().run.nodes[id].requestId,
      t2v,
    );
    expect(requestId).toBeTruthy();
    // The node's full title, with the model version that made it.
    expect(await player.locator('h3').textContent()).toMatch(/^Text → Video.*Turbo/);
    expect(await byTestId(page, 'player-prompt').textContent()).toBe(prompt);
    expect(await byTestId(page, 'player-seed').textContent()).toBe('42');
    expect(await byTestId(page, 'player-cost').textContent()).toMatch(/^free · would cost \$0\.\d\d on fal$/);
    expect(await byTestId(page, 'player-engine').textContent()).toMatch(/^Preview · local engine/);
    expect(await byTestId(page, 'player-request').textContent()).toBe(requestId);
    expect(await byTestId(page, 'player-download').getAttribute('href')).toBe(await video.getAttribute('src'));
    await byTestId(page, 'player-video').evaluate((v: HTMLVideoElement) =>
      v.readyState >= 2 ? undefined : new Promise((r) => v.addEventListener('loadeddata', r, { once: true })),
    );
    await shot('player');

    // A key pressed in the player never reaches the canvas (Delete would delete the node); Escape closes it and
    // the focus is back on the result that opened it.
    await page.keyboard.press('Delete');
    await page.keyboard.press('Escape');
    await player.waitFor({ state: 'detached' });
    expect(await page.locator('.pf-node').count()).toBe(2);
    expect(await node.locator('[data-testid="open-player"]').evaluate((el) => el === document.activeElement)).toBe(
      true,
    );

    // The Output node shows its maker's facts (the request that made the video), opened from the keyboard.
    const [out] = await nodeIds(page, 'output');
    await byTestId(page, `node-${out}`).locator('[data-testid="open-player"]').focus();
    await page.keyboard.press('Enter');
    await player.waitFor();
    expect(await player.locator('h3').textContent()).toMatch(/^Output · made by Text → Video.*Turbo/);
    expect(await byTestId(page, 'player-request').textContent()).toBe(requestId);
    expect(await byTestId(page, 'player-cost').textContent()).toMatch(/would cost/);
    await page.keyboard.press('Escape');
    await player.waitFor({ state: 'detached' });
  });
});

describe('light and dark themes', () => {
  it('follows the system in System mode, and keeps a Light or Dark pick across a reload', async () => {
    const page = await h.fresh();
    await runTurbo(page, 'A lighthouse at noon, in a light and a dark theme');
    expect(await theme(page)).toBe('dark'); // the harness's system is dark
    const darkBg = await canvasBg(page);
    // The theme is chosen in the top bar's ⋯ menu.
    await byTestId(page, 'more-menu').click();
    expect(await byTestId(page, 'theme-system').isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await shot('dark');

    // The system turns light: System follows it at once, React Flow's own colours too.
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => theme(page)).toBe('light');
    await expect.poll(() => page.locator('.react-flow').getAttribute('class')).toMatch(/\blight\b/);
    const lightBg = await canvasBg(page);
    expect(lightBg).not.toBe(darkBg);
    // Light means a light canvas, not an inverted one: every channel of the background is bright.
    expect(
      lightBg
        .match(/\d+/g)!
        .slice(0, 3)
        .map(Number)
        .every((c) => c > 200),
    ).toBe(true);
    await shot('light');

    // Dark, picked by the designer, wins over the light system and survives a reload.
    await byTestId(page, 'more-menu').click();
    await byTestId(page, 'theme-dark').click();
    await expect.poll(() => theme(page)).toBe('dark');
    await page.reload();
    await byTestId(page, 'more-menu').click();
    expect(await theme(page)).toBe('dark');
    expect(await byTestId(page, 'theme-dark').isChecked()).toBe(true);

    // Back to System: the light system shows again.
    await byTestId(page, 'theme-system').click();
    await expect.poll(() => theme(page)).toBe('light');
  });
});
