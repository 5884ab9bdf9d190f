import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../server/env.ts';
import { optionsFromEnv } from '../../server/start-server.ts';
import { editorForTests, firstVisit, nodeIds, signIn } from './browser.ts';

const ANA = 'ana-studio-token-0042';
const h = editorForTests({
  server: () => {
    // The fullest top bar: signed in (the account chip) with a FAL_KEY (Preview beside Run). The key is never sent:
    // only previews run here, on the built-in engine.
    const env = loadEnv({ HOST: '0.0.0.0', ACCESS_TOKENS: `ana:${ANA}` });
    const { accessToken, accessTokens, sessionDays } = optionsFromEnv(env);
    return { accessToken, accessTokens, sessionDays, falKey: 'e2e-dummy-key-never-sent' };
  },
  shotPrefix: 'top-bar-',
});
const { byTestId, shot } = h;
const focused = () => h.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** A new page with no cookie and no draft, signed in as ana through the sign-in page. */
async function signedIn(): Promise<Page> {
  const page = await firstVisit(h);
  await signIn(page, ANA);
  await byTestId('empty-canvas').waitFor();
  return page;
}

/** A saved template that has been previewed: a run result, an estimate, Preview and Run all want room at once. */
async function savedAndPreviewed(page: Page, name: string) {
  await byTestId('example-turbo-text-to-video').click();
  await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
  await page.keyboard.press('Control+s');
  await byTestId('save-name').fill(name);
  await byTestId('save-confirm').click();
  await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
  await byTestId('preview').click();
  await expect.poll(() => byTestId('run-status').textContent(), { interval: 250 }).toMatch(/completed · preview/);
}

interface Box {
  what: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Its text is wider than its box (cut, or scrolled out of sight). */
  cut: boolean;
}

/** Every control drawn in the top bar, as boxes: the leaves a person reads or clicks, not their containers. */
const controls = (page: Page) =>
  page.locator('.pf-topbar').evaluate((bar) => {
    const leaves = bar.querySelectorAll<HTMLElement>(
      '.pf-brand, .pf-docname, .pf-savestate, .pf-actions > :not(input), .pf-runbar > *, .pf-account',
    );
    return [...leaves]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => {
        const r = e.getBoundingClientRect();
        const what = e.dataset.testid ?? e.className;
        return { what, x: r.x, y: r.y, w: r.width, h: r.height, cut: e.scrollWidth > e.clientWidth + 1 };
      });
  });

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h && b.y < a.y + a.h;

/** Every visible control inside the window, inside the bar's one line, its text whole, and none over another. */
async function expectFits(page: Page, width: number, must: string[]) {
  const boxes = await controls(page);
  const bar = (await page.locator('.pf-topbar').boundingBox())!;
  const at = (what: string) => `${what} at ${width} px`;
  expect(boxes.map((b) => b.what)).toEqual(expect.arrayContaining(must));
  for (const b of boxes) {
    expect(b.x, at(b.what)).toBeGreaterThanOrEqual(0);
    expect(b.x + b.w, at(b.what)).toBeLessThanOrEqual(width);
    expect(b.y, at(b.what)).toBeGreaterThanOrEqual(bar.y);
    expect(b.y + b.h, at(b.what)).toBeLessThanOrEqual(bar.y + bar.height);
    // Only the name and the estimate may be cut short (their full text is their tooltip).
    if (!['doc-name', 'estimate'].includes(b.what)) expect(b.cut, `${at(b.what)}: text cut`).toBe(false);
  }
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1)) expect(overlap(a, b), `${a.what} over ${at(b.what)}`).toBe(false);
  // One line (no second row of buttons), and no sideways scroll anywhere.
  expect(bar.height).toBeLessThan(56);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  expect(await page.locator('.pf-topbar').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  // The estimate still says something readable (a price), not an ellipsis alone.
  expect(boxes.find((b) => b.what === 'estimate')?.w ?? 0, at('estimate')).toBeGreaterThan(56);
}

const EVERYDAY = ['doc-name', 'save-state', 'save', 'open-templates', 'layout', 'more-menu', 'shortcuts-help'];
const RUNNING = ['run-status', 'preview', 'estimate', 'run', 'account'];

describe('the top bar at every width from 1280 px', () => {
  it('shows every control whole on one line at 1280, 1440 and 1600, signed in, saved, with Preview', async () => {
    const page = await signedIn();
    await savedAndPreviewed(page, 'Lighthouse at night for the whole studio');
    for (const [width, height] of [
      [1600, 960],
      [1440, 900],
      [1280, 800],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect.poll(() => page.evaluate(() => innerWidth)).toBe(width);
      await expectFits(page, width, [...EVERYDAY, ...RUNNING]);
      await shot(`${width}`);
    }
    // The fullest run area at the narrowest width: a finished run, a problem to fix, Preview, the estimate and Run.
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    await page.locator(`[data-testid="node-${t2v}"] .pf-node__title`).click();
    await byTestId('input-prompt').fill('');
    await byTestId('runbar-problems').waitFor();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Unsaved changes');
    await expectFits(page, 1280, [...EVERYDAY, ...RUNNING, 'runbar-problems']);
    await shot('1280-problem');
  });

  it('opens the account menu from the keyboard; Escape returns to the chip; Sign out signs out', async () => {
    const page = await signedIn();
    const chip = byTestId('account');
    expect(await chip.getAttribute('title')).toBe('Signed in as ana');
    expect(await page.getByRole('button', { name: 'ana', exact: true }).count()).toBe(1);
    // Tab from "?" reaches the chip, the bar's last control (Preview and Run wait for a first node).
    await byTestId('shortcuts-help').focus();
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('account');
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Account' });
    await menu.waitFor();
    expect(await menu.textContent()).toMatch(/^Signed in as ana/);
    await expect.poll(focused).toBe('sign-out');
    await shot('account-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('account');
    // A click anywhere else closes it too.
    await chip.click();
    await menu.waitFor();
    await page.mouse.click(700, 400); // on the canvas
    await menu.waitFor({ state: 'detached' });

    await chip.focus();
    await page.keyboard.press(' ');
    await expect.poll(focused).toBe('sign-out');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect((await h.context.cookies()).find((c) => c.name === 'pikaflow_session')).toBeUndefined();
  });

  it('keeps form links, export, import and the theme behind ⋯, reachable with arrows and clicks', async () => {
    const page = await signedIn();
    const more = byTestId('more-menu');
    const menu = page.getByRole('menu', { name: 'More' });
    // Before a first save there is no form page: its items say so and the arrows pass over them.
    await more.focus();
    await page.keyboard.press('ArrowDown');
    await menu.waitFor();
    expect(await byTestId('copy-form-link').isDisabled()).toBe(true);
    expect(await byTestId('open-form').getAttribute('title')).toMatch(/^Save the template first/);
    await expect.poll(focused).toBe('export');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('import');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('theme-system');
    expect(await byTestId('theme-system').isChecked()).toBe(true);
    await shot('more-menu');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter'); // Light theme
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await expect.poll(focused).toBe('more-menu');

    // Export still downloads the pipeline; Ctrl+S still saves from anywhere.
    await byTestId('example-turbo-text-to-video').click();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    await more.click();
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    await page.keyboard.press('Control+s');
    await byTestId('save-name').fill('Top bar form');
    await byTestId('save-confirm').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
    await more.click();
    await shot('more-menu-saved-light');
    const [form] = await Promise.all([h.context.waitForEvent('page'), byTestId('open-form').click()]);
    await expect.poll(() => form.locator('[data-testid="app-title"]').textContent()).toBe('Top bar form');
    await form.close();
    await more.click();
    await byTestId('theme-system').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });
});
