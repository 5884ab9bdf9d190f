import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, editorForTests, importGraph, nodeIds } from './browser.ts';

/**
 * What a designer reads when a submit gets no answer: on a free preview there is no fal to check and nothing to pay;
 * on a paid run (fal played by a stand-in local engine) a job may exist on fal and submitting again may cost twice.
 * Messages name nodes as the canvas does, never by id; a source node does not claim to be a "preview".
 */

const states = (page: Page) =>
  page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
const toasts = (page: Page) =>
  page
    .locator('.pf-toast')
    .allTextContents()
    .then((t) => t.join(' | '));

async function importSwaps(page: Page) {
  const buffer = await readFile(join('examples', 'image-to-video-swaps.json'));
  await byTestId(page, 'import-file').setInputFiles({ name: 'swaps.json', mimeType: 'application/json', buffer });
  await expect.poll(() => page.locator('.pf-node').count()).toBe(4);
}

describe('a preview whose submit got no answer', () => {
  const h = editorForTests({ shotPrefix: 'designer-words-' });

  it('says so without fal or money, names the node, and submits again for free', async () => {
    const { page, server } = h;
    await importSwaps(page);
    server.localFal!.setFaults({ submit: { script: ['accept-drop'] } });
    await byTestId(page, 'run').click();
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'uncertain', 'skipped', 'skipped']);
    const [img] = await nodeIds(page, 'image');
    const [i2v] = await nodeIds(page, 'pika-22-image-to-video');
    const node = page.locator(`[data-testid="node-${i2v}"]`);
    expect(await node.locator('[data-testid="node-state"]').textContent()).toBe('no answer');
    const note = node.locator('[data-testid="node-uncertain"]');
    expect(await note.textContent()).toMatch(/No answer from the preview engine.*Previews are free/);
    expect(await note.textContent()).not.toMatch(/dashboard|charging|cost twice/);
    expect(await note.locator('[data-testid="resubmit"]').textContent()).toBe('Submit again · free');
    await expect.poll(() => toasts(page)).toMatch(/“Image → Video 2\.2” got no answer from the preview engine/);
    const [swap] = await nodeIds(page, 'pika-pikaswaps');
    expect(await page.locator(`[data-testid="node-${swap}"] .pf-node__status`).textContent()).toBe(
      'Skipped · “Image → Video 2.2” did not finish',
    );
    // The Image node gives the designer's own file: no "preview ready" line under it.
    expect(await page.locator(`[data-testid="node-${img}"] [data-testid="node-done-line"]`).count()).toBe(0);
    await h.shot('01-preview-no-answer');

    server.localFal!.setFaults({});
    await note.locator('[data-testid="resubmit"]').click();
    // The previous run's news is taken down as soon as the next run starts.
    await expect.poll(() => toasts(page)).not.toMatch(/got no answer/);
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'done', 'done', 'done']);
  });

  it('a failed run names the node, and its toast takes you to it', async () => {
    const page = await h.fresh();
    const doc = JSON.parse(await readFile(join('examples', 'image-to-video-swaps.json'), 'utf8'));
    // Its own prompt, so nothing is cached from the test above and the submit really happens.
    doc.nodes.find((n: { id: string }) => n.id === 'i2v').data.params.prompt = 'designer-words: a refused submit';
    await importGraph(page, doc);
    h.server.localFal!.setFaults({ submit: { script: [422] } });
    await byTestId(page, 'run').click();
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'failed', 'skipped', 'skipped']);
    h.server.localFal!.setFaults({});
    const toast = byTestId(page, 'toast-error').filter({ hasText: 'Run failed' });
    await expect.poll(() => toast.textContent()).toMatch(/^Run failed: .*“Image → Video 2\.2”.*Show →$/);
    expect(await toast.textContent()).not.toMatch(/"i2v"/);
    await h.shot('03-failed-toast');
    await toast.click();
    await expect.poll(() => byTestId(page, 'node-label').getAttribute('placeholder')).toBe('Image → Video 2.2');
    expect(await page.locator('[data-testid="node-i2v"]').getAttribute('class')).toMatch(/selected/);
  });
});

describe('a paid run whose submit got no answer (fal played by a stand-in)', () => {
  const h = editorForTests({ standIn: true, shotPrefix: 'designer-words-' });

  it('says a job may exist on fal, that submitting again may cost twice, and does so only when asked', async () => {
    const { page, standIn } = h;
    await importSwaps(page);
    standIn.setFaults({ submit: { script: ['accept-drop'] } });
    await byTestId(page, 'run').click();
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'uncertain', 'skipped', 'skipped']);
    expect(standIn.counters.acceptedTotal).toBe(1);
    const [i2v] = await nodeIds(page, 'pika-22-image-to-video');
    const node = page.locator(`[data-testid="node-${i2v}"]`);
    expect(await node.locator('[data-testid="node-state"]').textContent()).toBe('check fal');
    const note = node.locator('[data-testid="node-uncertain"]');
    expect(await note.textContent()).toMatch(/A job may exist on fal.*fal dashboard/);
    await expect.poll(() => toasts(page)).toMatch(/“Image → Video 2\.2” may have a job on fal/);
    await h.shot('02-paid-may-exist');

    standIn.setFaults({});
    await note.locator('[data-testid="resubmit"]', { hasText: 'Submit again — may cost twice' }).click();
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'done', 'done', 'done']);
    expect(standIn.counters.acceptedTotal).toBe(3); // the unsure job again, then Pikaswaps: nothing else was sent
    await expect.poll(() => toasts(page)).toMatch(/Run finished · \$\d/);
  });
});
