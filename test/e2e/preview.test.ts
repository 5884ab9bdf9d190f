import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, editorForTests, example, importGraph, nodeIds } from './browser.ts';

/**
 * Issue 10 in the browser: a preview is always labelled as one (canvas, run bar, history), never shows money spent;
 * with a key, Preview sits beside Run; a submit whose answer was lost is shown, and submitted again only when asked.
 */

const states = (page: Page) =>
  page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
const runOf = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as {
          __pikaflow: { getState(): { run: { id: string; status: string; engine: string } | null } };
        }
      ).__pikaflow.getState().run,
  );

/** Opens the turbo example the way a designer does (Import), with this test's own prompt (no other test's cache). */
async function importTurbo(page: Page, prompt: string) {
  await importGraph(
    page,
    await example('turbo-text-to-video.json', (g) => {
      g.nodes.find((n) => n.id === 't2v')!.data.params.prompt = prompt;
    }),
    'turbo-text-to-video.json',
  );
}

async function saveAs(page: Page, name: string) {
  await page.keyboard.press('Control+s');
  await byTestId(page, 'save-name').fill(name);
  await byTestId(page, 'save-confirm').click();
  await expect.poll(() => byTestId(page, 'save-state').textContent()).toBe('Saved · v1');
}

describe('without a FAL_KEY every run is a labelled, free preview', () => {
  const h = editorForTests({ shotPrefix: 'preview-' });
  const { shot } = h;

  it('labels the run, its outputs and its history as a preview, priced as what fal would charge', async () => {
    const page = await h.fresh();
    await byTestId(page, 'local-banner').waitFor();
    await importTurbo(page, 'A paper boat on a pond, labelled as a preview');
    expect(await byTestId(page, 'preview').count()).toBe(0); // Run already is the preview
    await expect.poll(() => byTestId(page, 'estimate').textContent()).toMatch(/^Free.*\$\d.*on fal/);
    await saveAs(page, 'Paper boat');

    await byTestId(page, 'run').click();
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'done']);
    const [out] = await nodeIds(page, 'output');
    await page.locator(`[data-testid="node-${out}"] [data-testid="preview-badge"]`).waitFor();
    expect(await byTestId(page, 'run-status').textContent()).toMatch(/completed · preview/);
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    expect(await page.locator(`[data-testid="node-${t2v}"] [data-testid="node-done-line"]`).textContent()).toMatch(
      /^Preview ready · free/,
    );
    await expect
      .poll(() =>
        page
          .locator('.pf-toast')
          .allTextContents()
          .then((t) => t.join()),
      )
      .toMatch(/Preview finished · free/);

    await byTestId(page, 'tab-runs').click();
    const row = byTestId(page, 'history-row').first();
    await expect.poll(() => row.locator('[data-testid="history-engine"]').textContent()).toBe('Preview · local engine');
    expect(await row.locator('[data-testid="history-cost"]').textContent()).toMatch(/^free/);
    await row.locator('[data-testid="preview-badge"]').waitFor();
    await shot('01-no-key-done');
  });

  it('shows a submit whose answer was lost as "may exist on fal", and submits it again only when asked', async () => {
    const page = await h.fresh();
    const { server } = h;
    await importTurbo(page, 'A paper boat in a storm drain, cinematic');
    const before = server.localFal!.counters.acceptedTotal;
    // The local engine takes the job, then drops the connection before answering: the outcome is unknown to us.
    server.localFal!.setFaults({ submit: { script: ['accept-drop'] } });
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    await byTestId(page, 'run').click();

    await expect.poll(() => states(page), { interval: 250 }).toEqual(['uncertain', 'skipped']);
    const note = page.locator(`[data-testid="node-${t2v}"] [data-testid="node-uncertain"]`);
    // No key: this run was a free preview, so the note speaks of the preview engine, not of fal or money.
    expect(await note.textContent()).toMatch(/No answer from the preview engine/);
    expect(await note.locator('[data-testid="uncertain-endpoint"]').textContent()).toMatch(/pika/);
    expect(await note.locator('[data-testid="uncertain-time"]').textContent()).toBeTruthy();
    expect(server.localFal!.counters.acceptedTotal - before).toBe(1); // nothing was sent twice on its own
    await shot('02-uncertain');

    server.localFal!.setFaults({});
    await note.locator('[data-testid="resubmit"]').click();
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'done']);
    expect(server.localFal!.counters.acceptedTotal - before).toBe(2);
  });
});

describe('with a FAL_KEY, a free Preview sits beside the paid Run', () => {
  // Never sent anywhere: a preview runs on the built-in engine and never contacts fal.
  const h = editorForTests({ server: { falKey: 'e2e-dummy-key-never-sent' }, shotPrefix: 'preview-' });
  const { shot } = h;

  it('offers Preview, runs it free on the built-in engine, and labels its outputs', async () => {
    const page = await h.fresh();
    await importTurbo(page, 'A paper boat at sea, previewed with a key set');
    await byTestId(page, 'preview').waitFor();
    expect(await byTestId(page, 'local-banner').count()).toBe(0);
    await expect.poll(() => byTestId(page, 'estimate').textContent()).toMatch(/^≈ \$\d/);
    expect(await byTestId(page, 'run').getAttribute('title')).toMatch(/Run on fal/);
    await shot('03-key-offers-preview');

    await byTestId(page, 'preview').click();
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'done']);
    expect((await runOf(page))?.engine).toBe('local');
    const [out] = await nodeIds(page, 'output');
    await page.locator(`[data-testid="node-${out}"] [data-testid="preview-badge"]`).waitFor();
    expect(await byTestId(page, 'run-status').textContent()).toMatch(/completed · preview/);
    await shot('04-key-preview-done');
  });

  it('previews again from the keyboard (Ctrl+Shift+Enter), answered by the preview cache', async () => {
    const page = await h.fresh();
    // Its own first preview, then the same again from the keyboard.
    await importTurbo(page, 'A paper boat at sea, previewed twice');
    await byTestId(page, 'preview').click();
    // The first preview has ended (not only its nodes): a run still in progress would not start another.
    await expect
      .poll(() => runOf(page).then((r) => `${r?.engine} ${r?.status}`), { interval: 250 })
      .toBe('local completed');
    const first = (await runOf(page))!.id;
    await page.locator('.react-flow__pane').click({ position: { x: 700, y: 600 } });
    await page.keyboard.press('Control+Shift+Enter');
    await expect
      .poll(
        async () => {
          const run = await runOf(page);
          return run && run.id !== first ? `${run.engine} ${run.status}` : '';
        },
        { interval: 250 },
      )
      .toBe('local completed');
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    expect(await page.locator(`[data-testid="node-${t2v}"]`).getAttribute('data-state')).toBe('cached');
  });
});
