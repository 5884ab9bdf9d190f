import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, dragFromPalette, editorForTests, example, importGraph, nodeIds, wire } from './browser.ts';

/**
 * Issue 12, point 2: the canvas tells the truth. Before Run each node says what the next Run does to it and what it
 * pays; after an upstream edit the nodes it reaches say "will run", their results are dimmed as "previous" and the
 * wires into them turn amber, while untouched nodes say "cached"; a reload brings the last run's results back.
 * A paid run (fal played by a stand-in local engine), so prices are what a Run spends.
 */

const inNode = (page: Page, node: string, id: string) =>
  page.locator(`[data-testid="node-${node}"] [data-testid="${id}"]`);
const planOf = (page: Page, node: string) =>
  inNode(page, node, 'node-plan')
    .textContent({ timeout: 2000 })
    .catch(() => null);
const states = (page: Page) =>
  page.locator('.pf-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
/** The nodes the amber wires lead into (read from the editor's store by each wire's id). */
const amberTargets = (page: Page) =>
  page.locator('.react-flow__edge.pf-edge--will-run').evaluateAll((els) => {
    const store = (window as unknown as { __pikaflow: { getState(): { edges: { id: string; target: string }[] } } })
      .__pikaflow;
    const ids = els.map((e) => e.getAttribute('data-testid')?.replace(/^rf__edge-/, ''));
    return store
      .getState()
      .edges.filter((e) => ids.includes(e.id))
      .map((e) => e.target)
      .sort();
  });

async function editField(page: Page, node: string, field: string, value: string) {
  await page.locator(`[data-testid="node-${node}"] .pf-node__title`).click();
  await byTestId(page, `input-${field}`).fill(value);
}

describe('the canvas says what the next Run does, node by node', () => {
  const h = editorForTests({ standIn: true, shotPrefix: 'canvas-truth-' });
  const { shot } = h;

  it('prices each node before Run, marks what an edit makes stale, and brings results back after a reload', async () => {
    const page = await h.fresh();
    // prompt → text-to-video → output, and beside it a second text-to-video with its own prompt → output.
    await dragFromPalette(page, 'prompt', { x: 420, y: 220 });
    await dragFromPalette(page, 'pika-turbo-text-to-video', { x: 780, y: 220 });
    await dragFromPalette(page, 'output', { x: 1140, y: 220 });
    await dragFromPalette(page, 'pika-turbo-text-to-video', { x: 780, y: 620 });
    await dragFromPalette(page, 'output', { x: 1140, y: 620 });
    const [prompt] = await nodeIds(page, 'prompt');
    const [t2v, other] = await nodeIds(page, 'pika-turbo-text-to-video');
    const [out, otherOut] = await nodeIds(page, 'output');
    await wire(page, prompt, 'text', t2v, 'prompt');
    await wire(page, t2v, 'video', out, 'in');
    await wire(page, other, 'video', otherOut, 'in');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await editField(page, prompt, 'text', 'A lighthouse in a storm, for the canvas-truth test');
    await editField(page, other, 'prompt', 'A snail crossing a leaf, for the canvas-truth test');
    // A wired prompt is not an empty box to type in: the inspector says where it comes from.
    await page.locator(`[data-testid="node-${t2v}"] .pf-node__title`).click();
    await expect.poll(() => byTestId(page, 'field-wired').textContent()).toContain('From Prompt (wired)');
    await page.locator('.react-flow__pane').click({ position: { x: 300, y: 820 } });

    // Before Run: each paid node carries its price; a source says nothing; nothing is amber yet.
    await expect.poll(() => planOf(page, t2v)).toBe('will run · $0.20');
    await expect.poll(() => planOf(page, other)).toBe('will run · $0.20');
    expect(await inNode(page, prompt, 'node-plan').count()).toBe(0);
    expect(await amberTargets(page)).toEqual([]);
    await shot('01-before-run');

    await byTestId(page, 'run').click();
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'done', 'done', 'done', 'done']);
    // Nothing changed since: the next Run reuses both videos.
    await expect.poll(() => planOf(page, t2v)).toBe('cached');
    expect(await planOf(page, other)).toBe('cached');
    await inNode(page, out, 'node-video').waitFor();
    expect(await page.locator('[data-testid="previous-badge"]').count()).toBe(0);

    // The run bar's price is never the old figure shown as current: from the edit until the server has priced it, the
    // price is marked as updating. Every state of the price element is recorded from here on.
    await expect.poll(() => byTestId(page, 'estimate').getAttribute('data-current')).toBe('true');
    const pricedBefore = await byTestId(page, 'estimate').textContent();
    await byTestId(page, 'estimate').evaluate((el) => {
      const seen: [string | null, string | null][] = [];
      (window as unknown as { priceStates: typeof seen }).priceStates = seen;
      new MutationObserver(() => seen.push([el.getAttribute('data-current'), el.textContent])).observe(el, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    });

    // An upstream edit: the prompt's text-to-video and its output will run again, their videos are "previous".
    await editField(page, prompt, 'text', 'A lighthouse at dawn, calm sea, for the canvas-truth test');
    await expect.poll(() => planOf(page, t2v)).toBe('will run · $0.20');
    await inNode(page, t2v, 'previous-badge').waitFor();
    await inNode(page, out, 'previous-badge').waitFor();
    expect(await planOf(page, out)).toBe('will run · free');
    expect(await inNode(page, t2v, 'node-done-line').textContent()).toMatch(/^Previous result/);
    // …while the untouched branch keeps its video as current, and says so.
    expect(await planOf(page, other)).toBe('cached');
    expect(await inNode(page, other, 'previous-badge').count()).toBe(0);
    // The wires into what will run: prompt → text-to-video and text-to-video → output.
    expect(await amberTargets(page)).toEqual([t2v, out].sort());
    // The run bar's total agrees with the canvas once the server has priced the edited graph.
    await expect.poll(() => byTestId(page, 'estimate').textContent()).toMatch(/\$0\.20.*1 to generate.*1 cached/);
    await expect.poll(() => byTestId(page, 'estimate').getAttribute('data-current')).toBe('true');
    const priceStates = (await page.evaluate('window.priceStates')) as [string | null, string | null][];
    // The edit re-rendered the old price as not current before any new answer could arrive; it never came back as
    // current with the old figure.
    const marked = priceStates.findIndex(([current]) => current === 'false');
    expect(marked).toBeGreaterThanOrEqual(0);
    expect(priceStates[marked][1]).toContain(pricedBefore!.replace(/ …$/, ''));
    expect(priceStates.slice(marked).filter(([c, text]) => c === 'true' && text === pricedBefore)).toEqual([]);
    expect(await planOf(page, t2v)).toBe('will run · $0.20');
    await shot('02-after-edit');

    // A reload: the last run's results come back, still marked against the edited canvas.
    await page.reload();
    await expect.poll(() => page.locator('.pf-node').count()).toBe(5);
    await inNode(page, other, 'node-video').waitFor();
    await inNode(page, t2v, 'previous-badge').waitFor();
    await expect.poll(() => planOf(page, t2v)).toBe('will run · $0.20');
    await expect.poll(() => planOf(page, other)).toBe('cached');
    expect(await amberTargets(page)).toEqual([t2v, out].sort());
    await shot('03-after-reload');

    // Undoing the edit is the content the run made: nothing is stale any more, nothing will run.
    await editField(page, prompt, 'text', 'A lighthouse in a storm, for the canvas-truth test');
    await expect.poll(() => planOf(page, t2v)).toBe('cached');
    expect(await page.locator('[data-testid="previous-badge"]').count()).toBe(0);
    expect(await amberTargets(page)).toEqual([]);
  });
});

describe('without a FAL_KEY (every run a free preview)', () => {
  const h = editorForTests({ shotPrefix: 'canvas-truth-' });

  it('says the next run is free, with what fal would charge on hover, and cached once made', async () => {
    const page = await h.fresh();
    await importGraph(
      page,
      await example('turbo-text-to-video.json', (g) => {
        g.nodes.find((n) => n.id === 't2v')!.data.params.prompt =
          'A kite over dunes, for the canvas-truth preview test';
      }),
    );
    const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
    await expect.poll(() => planOf(page, t2v)).toBe('will run · free');
    await expect
      .poll(() => inNode(page, t2v, 'node-plan').getAttribute('title'))
      .toMatch(/free preview \(on fal it would cost \$0\.20\)/);
    await byTestId(page, 'run').click();
    await expect.poll(() => states(page), { interval: 250 }).toEqual(['done', 'done']);
    await expect.poll(() => planOf(page, t2v)).toBe('cached');
    await inNode(page, t2v, 'preview-badge').waitFor();
    await h.shot('04-preview');
  });
});
