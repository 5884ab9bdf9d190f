import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { editorForTests } from './browser.ts';
import { serverApi, turboGraph } from './keeping-api.ts';

// The standard checker (axe-core), injected from its own package so the test checks what a person's audit would.
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const h = editorForTests();
const { byTestId, shot } = h;
let srv: ReturnType<typeof serverApi>;
const base = () => h.server.url.replace(/\/$/, '');

beforeAll(() => {
  srv = serverApi(h.server.url);
});

/**
 * Every WCAG 2.0/2.1 A and AA violation on the page, one line per offending element (rule, selector, what to fix),
 * so a failing test reads as a to-do list rather than "expected [] to equal [...]".
 */
async function violations(page: Page): Promise<string[]> {
  // Fades still running (a hover control fading out as the focus moves) would be judged at a half-drawn colour.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  await page.addScriptTag({ path: AXE_SOURCE });
  const found = await page.evaluate(async (tags) => {
    type AxeNode = { target: unknown[]; failureSummary?: string };
    type AxeResult = { violations: { id: string; help: string; nodes: AxeNode[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.help}) at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`),
    );
  }, WCAG_AA);
  return found.map((line) => line.replace(/\s+/g, ' '));
}

/** The stored template the form page opens: turbo text-to-video with `scene` (its prompt) and `duration` exposed. */
async function formTemplate(name: string): Promise<string> {
  const g = await turboGraph(`${name}: a lantern over dark water`);
  const inputs = [
    { name: 'scene', label: 'Scene to film', node: 't2v', param: 'prompt' },
    { name: 'duration', node: 't2v', param: 'duration' },
  ];
  return (await srv.json<{ id: string }>('POST', '/api/graphs', { name, graph: { ...g, inputs } })).id;
}

/** Double-clicks the first result on the canvas and waits for the player to show its video. */
async function openPlayer(page: Page) {
  await page.locator('.pf-node [data-testid="open-player"]').first().dblclick();
  await page.getByRole('dialog').waitFor();
  await byTestId('player-video').evaluate((v: HTMLVideoElement) =>
    v.readyState >= 2 ? undefined : new Promise((r) => v.addEventListener('loadeddata', r, { once: true })),
  );
}

describe('accessibility (axe-core, WCAG 2.1 A/AA) in Chromium', () => {
  it('the empty editor has no violations', async () => {
    const page = await h.fresh();
    await shot('a11y-empty-editor');
    expect(await violations(page)).toEqual([]);
  });

  it('the editor with a finished run, an edit after it, its menu and its search has no violations', async () => {
    const page = await h.fresh();
    await byTestId('example-turbo-text-to-video').click();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    await byTestId('run').click();
    await expect
      .poll(() => page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.dataset.state)))
      .toEqual(['done', 'done']);
    // A selected node fills the inspector with its fields, as when a person edits it.
    await page.locator('.pf-node .pf-node__title').first().click();
    await byTestId('inspector').waitFor();
    await shot('a11y-editor-graph');
    expect(await violations(page)).toEqual([]);

    // An edit after the run: the canvas now shows what the next Run would remake beside what is still cached.
    await byTestId('input-prompt').fill('A paper boat sailing down a rainy street at dawn');
    await expect.poll(() => byTestId('estimate').textContent()).not.toMatch(/1 cached/);
    await shot('a11y-editor-stale');
    expect(await violations(page)).toEqual([]);

    // The right-click menu and the node search float over the canvas: they are checked open.
    await page.locator('.pf-node').first().click({ button: 'right' });
    await page.locator('[role="menu"]').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('[role="menu"]').waitFor({ state: 'detached' });
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('/');
    await page.locator('input:focus').waitFor();
    await page.keyboard.type('video');
    await shot('a11y-editor-search');
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // The full-size player (double-click on a result) is a dialog over everything: checked open.
    await openPlayer(page);
    expect(await violations(page)).toEqual([]);
  });

  it('the form page with a finished run, and its batch tab, have no violations', async () => {
    const page = await h.fresh();
    const templateId = await formTemplate('Lantern form');
    await page.goto(`${base()}/app/${templateId}`);
    await expect.poll(() => byTestId('app-title').textContent()).toBe('Lantern form');
    // A refused input first: the error under the field must be as readable as the field.
    await byTestId('input-duration').fill('99');
    await byTestId('app-run').click();
    await page.locator('[data-testid="field-duration"] [data-testid="field-error"]').waitFor();
    expect(await violations(page)).toEqual([]);

    await byTestId('input-duration').fill('2');
    await byTestId('app-run').click();
    await expect.poll(() => byTestId('app-run-status').textContent()).toBe('completed');
    await page.locator('[data-testid="app-outputs"] video').waitFor();
    await shot('a11y-form-run');
    expect(await violations(page)).toEqual([]);

    await byTestId('app-tab-batch').click();
    // Two scenes, one per line: the plan (runs, cached, price) appears as they are typed.
    await byTestId('grid-scene').fill('a heron over the marsh\nan owl at dawn');
    await expect.poll(() => byTestId('plan-count').textContent()).toBe('2');
    await shot('a11y-form-batch');
    expect(await violations(page)).toEqual([]);
  });
});

describe('accessibility of the light theme (axe-core, WCAG 2.1 A/AA) in Chromium', () => {
  it('the editor in a light system, with a finished run, an edit, a menu and the player, has no violations', async () => {
    const page = await h.fresh();
    await page.emulateMedia({ colorScheme: 'light' }); // "System" (the default) follows it
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await violations(page)).toEqual([]);

    await byTestId('example-turbo-text-to-video').click();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    await byTestId('run').click();
    // The dark pass ran this example already: its result may come from the cache (shown the same way).
    await expect
      .poll(() =>
        page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.dataset.state?.replace('cached', 'done'))),
      )
      .toEqual(['done', 'done']);
    await page.locator('.pf-node .pf-node__title').first().click();
    await byTestId('inspector').waitFor();
    await shot('a11y-light-editor-graph');
    expect(await violations(page)).toEqual([]);

    await byTestId('input-prompt').fill('A paper boat sailing down a sunny street at noon');
    await expect.poll(() => byTestId('estimate').textContent()).not.toMatch(/1 cached/);
    expect(await violations(page)).toEqual([]);

    await page.locator('.pf-node').first().click({ button: 'right' });
    await page.locator('[role="menu"]').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('[role="menu"]').waitFor({ state: 'detached' });

    await openPlayer(page);
    await shot('a11y-light-player');
    expect(await violations(page)).toEqual([]);
  });

  it('the form page switched to Light, with a finished run and its batch tab, has no violations', async () => {
    const page = await h.fresh();
    const templateId = await formTemplate('Lantern form, light');
    await page.goto(`${base()}/app/${templateId}`);
    await expect.poll(() => byTestId('app-title').textContent()).toBe('Lantern form, light');
    // The form page has the switch too; the pick is the editor's as well (one remembered setting).
    await page.locator('label', { has: byTestId('theme-light') }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await byTestId('input-duration').fill('99');
    await byTestId('app-run').click();
    await page.locator('[data-testid="field-duration"] [data-testid="field-error"]').waitFor();
    expect(await violations(page)).toEqual([]);

    await byTestId('input-duration').fill('2');
    await byTestId('app-run').click();
    await expect.poll(() => byTestId('app-run-status').textContent()).toBe('completed');
    await page.locator('[data-testid="app-outputs"] video').waitFor();
    await shot('a11y-light-form-run');
    expect(await violations(page)).toEqual([]);

    await byTestId('app-tab-batch').click();
    await byTestId('grid-scene').fill('a heron over the marsh at noon\nan owl at dusk');
    await expect.poll(() => byTestId('plan-count').textContent()).toBe('2');
    await shot('a11y-light-form-batch');
    expect(await violations(page)).toEqual([]);

    await page.goto(base());
    await byTestId('more-menu').waitFor(); // the editor's theme choice is in its top bar's ⋯ menu
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });
});
