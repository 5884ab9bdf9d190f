import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../server/env.ts';
import { optionsFromEnv } from '../../server/start-server.ts';
import { buildPromptToVideo, dragFromPalette, editorForTests, firstVisit, signIn } from './browser.ts';

const ANA = 'ana-studio-token-0042';

const h = editorForTests({
  server: () => {
    // The configuration a team server needs: HOST off loopback is accepted only with tokens. The server is bound to
    // loopback all the same, so the test opens no port to the network; what the browser meets is the same.
    const env = loadEnv({ HOST: '0.0.0.0', ACCESS_TOKENS: `ana:${ANA},ben:ben-studio-token-0077` });
    const { accessToken, accessTokens, sessionDays } = optionsFromEnv(env);
    return { accessToken, accessTokens, sessionDays };
  },
});
const { byTestId, shot } = h;
const states = () => h.page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));

describe('signing in to a shared pikaflow', () => {
  it('shows sign-in, refuses a wrong token, then the person builds and runs a graph; signing out ends it', async () => {
    const page = await firstVisit(h);
    expect(await byTestId('empty-canvas').count()).toBe(0); // the editor has not started
    await expect.poll(() => page.getByLabel('Access token').evaluate((e) => e === document.activeElement)).toBe(true);
    await shot('sign-in-01-page');

    await page.getByLabel('Access token').fill('not-the-token-123');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That token is not valid');
    expect(await page.getByLabel('Access token').getAttribute('aria-invalid')).toBe('true');
    await shot('sign-in-02-wrong-token');

    await signIn(page, ANA);
    await byTestId('empty-canvas').waitFor();
    const cookie = (await h.context.cookies()).find((c) => c.name === 'pikaflow_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // The page cannot read it (HttpOnly), yet its calls are signed in.
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/pikaflow_session/);
    expect(await byTestId('signed-in-as').textContent()).toBe('ana');

    const { out } = await buildPromptToVideo(page, 'a lighthouse at night, for the signed-in test');
    await page.keyboard.press('Control+s');
    await byTestId('save-name').fill('Lighthouse');
    await byTestId('save-confirm').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
    const templateId = await page.evaluate(
      () =>
        (window as unknown as { __pikaflow: { getState(): { template: { id: string } } } }).__pikaflow.getState()
          .template.id,
    );

    await byTestId('run').click();
    await expect.poll(states, { interval: 250 }).toEqual(['done', 'done', 'done']);
    // The result plays: the event stream and the media file both came through on the session cookie.
    const video = page.locator(`[data-testid="node-${out}"] video`);
    await video.waitFor();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.videoWidth > 0)).toBe(true);
    await byTestId('tab-runs').click();
    await expect.poll(() => byTestId('history-by').first().textContent()).toBe(' · by ana');
    await shot('sign-in-03-ran');

    // Signing out reloads the page onto the sign-in page.
    await byTestId('account').click(); // the account chip's menu
    await Promise.all([page.waitForEvent('load'), byTestId('sign-out').click()]);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect((await h.context.cookies()).find((c) => c.name === 'pikaflow_session')).toBeUndefined();
    expect(await page.evaluate(() => fetch('/api/graphs').then((r) => r.status))).toBe(401);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    // A template's form page is behind the same sign-in.
    await page.goto(`${h.server.url}/app/${encodeURIComponent(templateId)}`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    await signIn(page, ANA);
    await byTestId('app-page').waitFor();
  });

  it('a session that ends while the editor is open asks to sign in again over the page, keeping the work', async () => {
    const page = await firstVisit(h);
    await signIn(page, ANA);
    await byTestId('empty-canvas').waitFor();
    await dragFromPalette(page, 'prompt', { x: 500, y: 320 });
    await page.keyboard.press('Control+s');
    await byTestId('save-name').fill('Signed lighthouse');
    await byTestId('save-confirm').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');

    // The server forgets every session (as when one expires): the next call the page makes is refused.
    h.server.store.db.prepare('DELETE FROM sessions').run();
    await byTestId('tab-templates').click();
    const dialog = page.getByRole('dialog', { name: 'Sign in again' });
    await dialog.waitFor();
    await shot('sign-in-04-again');
    await dialog.getByLabel('Access token').fill(ANA);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.pf-node').count()).toBe(1);
    await expect
      .poll(() => page.locator('[data-testid="template-Signed lighthouse"] [data-testid="template-by"]').textContent())
      .toBe(' · by ana');
  });
});
