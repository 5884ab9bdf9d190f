import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../server/media/ffmpeg.ts';
import { createLocalFalClient } from '../../server/local-fal/index.ts';
import { dragFromPalette, editorForTests, nodeIds, wire } from './browser.ts';

/**
 * The inspector's media field takes a pasted link: the server fetches it once and keeps it by content, so the node
 * holds `/media/<sha256>.<ext>` (not the link, which may expire), shows it, and names it. A link the server may not
 * fetch is explained in plain words and what was typed stays in the box.
 */

const h = editorForTests({ shotPrefix: 'paste-link-' });
const { byTestId, shot } = h;
let link = '';
const paramOf = (id: string, name: string) =>
  h.page.evaluate(
    ({ id, name }) => {
      const store = (
        window as unknown as {
          __pikaflow: { getState(): { nodes: { id: string; data: { params: Record<string, unknown> } }[] } };
        }
      ).__pikaflow;
      return store.getState().nodes.find((n) => n.id === id)?.data.params[name];
    },
    { id, name },
  );
const states = () => h.page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));

/** An Image node that already holds the published file, kept by pasting its link (each test places its own). */
async function imageNodeWithKeptLink(): Promise<string> {
  const { page } = h;
  await dragFromPalette(page, 'image', { x: 420, y: 300 });
  const [img] = await nodeIds(page, 'image');
  await page.locator(`[data-testid="node-${img}"] .pf-node__title`).click();
  const input = byTestId('input-url');
  await input.fill(link);
  await input.press('Enter');
  await byTestId('kept-url').waitFor();
  await expect.poll(() => paramOf(img, 'url')).toMatch(/^\/media\/[0-9a-f]{64}\.png$/);
  return img;
}

/** A real 640x360 PNG, published on the local engine's storage: a link the server is allowed to fetch. */
async function publishedPng(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'paste-link-'));
  try {
    const file = join(dir, 'frame.png');
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc=s=640x360', '-frames:v', '1', file]);
    const bytes = await readFile(file);
    return await createLocalFalClient(h.server.localFal!).storage.upload(new Blob([bytes], { type: 'image/png' }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  link = await publishedPng();
}, 300_000);

describe('pasting a link into an Image node', () => {
  it('keeps the linked file by content: the node holds its reference, shows it and names it', async () => {
    const page = await h.fresh();
    await dragFromPalette(page, 'image', { x: 420, y: 300 });
    const [img] = await nodeIds(page, 'image');
    await page.locator(`[data-testid="node-${img}"] .pf-node__title`).click();
    const input = byTestId('input-url');
    await input.fill(link);
    await input.blur();
    const kept = byTestId('kept-url');
    await kept.waitFor();
    const ref = String(await paramOf(img, 'url'));
    expect(ref).toMatch(/^\/media\/[0-9a-f]{64}\.png$/);
    expect(await kept.textContent()).toContain(ref.slice(7, 15));
    await page.locator('[data-testid="field-url"] [data-testid="node-image"]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="field-url"] img').evaluate((i: HTMLImageElement) => i.naturalWidth))
      .toBe(640);
    await page.locator(`[data-testid="node-${img}"] [data-testid="node-image"]`).waitFor();
    expect(await input.inputValue()).toBe('');
    await shot('01-kept');
  });

  it('explains a private link in plain words, keeps what was typed and the file the node already held', async () => {
    const page = await h.fresh();
    const img = await imageNodeWithKeptLink();
    const before = await paramOf(img, 'url');
    const input = byTestId('input-url');
    await input.fill('http://10.0.0.1/x.png');
    await input.press('Enter');
    const error = byTestId('link-error-url');
    await error.waitFor();
    await shot('02-private');
    const text = (await error.textContent()) ?? '';
    expect(text).toMatch(/10\.0\.0\.1 is on a private network/);
    expect(text).toMatch(/use Upload/);
    expect(text).not.toMatch(/Could not fetch|http:\/\/|Error:|\{/);
    expect(await input.inputValue()).toBe('http://10.0.0.1/x.png');
    // A link that could not be kept replaces nothing: the node still holds, shows and names its kept file.
    expect(await paramOf(img, 'url')).toBe(before);
    await byTestId('kept-url').waitFor();
    await page.locator(`[data-testid="node-${img}"] [data-testid="node-image"]`).waitFor();
    // Typing again takes the complaint away.
    await input.press('Backspace');
    await error.waitFor({ state: 'detached' });
  });

  it('runs image → image-to-video → output with the kept file', async () => {
    const page = await h.fresh();
    const img = await imageNodeWithKeptLink();
    // The good link again: kept (the same content, so the same reference), and the box empties.
    const input = byTestId('input-url');
    const ref = await paramOf(img, 'url');
    await input.fill(link);
    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toBe('');
    expect(await paramOf(img, 'url')).toBe(ref);
    await dragFromPalette(page, 'pika-22-image-to-video', { x: 820, y: 300 });
    await dragFromPalette(page, 'output', { x: 1200, y: 300 });
    const [i2v] = await nodeIds(page, 'pika-22-image-to-video');
    const [out] = await nodeIds(page, 'output');
    await wire(page, img, 'image', i2v, 'image');
    await wire(page, i2v, 'video', out, 'in');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.locator(`[data-testid="node-${i2v}"] .pf-node__title`).click();
    await byTestId('input-prompt').fill('the test card slowly turns');
    await page.locator('.react-flow__pane').click({ position: { x: 900, y: 700 } });
    await byTestId('run').click();
    await expect.poll(states, { interval: 250 }).toEqual(['done', 'done', 'done']);
    await page.locator(`[data-testid="node-${out}"] video`).waitFor();
    await shot('03-run-done');

    // A reload brings the canvas back with what the run made, not bare nodes.
    await page.reload();
    await expect.poll(states, { interval: 250 }).toEqual(['done', 'done', 'done']);
    await page.locator(`[data-testid="node-${out}"] video`).waitFor();
    expect(await page.locator(`[data-testid="node-${img}"] [data-testid="node-done-line"]`).count()).toBe(0);
    await shot('04-after-reload');
  });
});
