import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorForTests, viewSettled } from './browser.ts';
import { serverApi } from './keeping-api.ts';

/**
 * Things a designer should never lose sight of: a fold after a box select leaves nothing selected that it hides
 * (Delete acts only on what is on screen), a problem inside a folded group opens the fold to show its node, and runs
 * made before the first save survive a reload into that save.
 */
const h = editorForTests({ shotPrefix: 'selection-history-' }); // no key: every run is a free preview
const { shot, byTestId } = h;

type Seen = {
  nodes: { id: string; selected?: boolean }[];
  edges: { id: string }[];
  template: { id?: string };
  run: { id: string; status: string } | null;
};
const seen = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { __pikaflow: { getState(): Seen } }).__pikaflow.getState();
    return {
      nodes: s.nodes.map((n) => ({ id: n.id, selected: !!n.selected })),
      edges: s.edges.map((e) => ({ id: e.id })),
      template: s.template,
      run: s.run && { id: s.run.id, status: s.run.status },
    };
  });
const ids = async (page: Page, which: (n: { selected: boolean }) => boolean = () => true) =>
  (await seen(page)).nodes
    .filter(which)
    .map((n) => n.id)
    .sort();

/** A group 'Shots' around prompt → Text → Video, and the output outside it. */
function shotsGraph() {
  const node = (id: string, type: string, x: number, y: number, params: Record<string, unknown>, label?: string) => ({
    id,
    type,
    position: { x, y },
    data: { params, ...(label ? { label } : {}) },
  });
  return {
    version: 1,
    name: 'selection-history: fold',
    nodes: [
      node('g', 'group', -60, -90, { color: 'blue', width: 820, height: 460 }, 'Shots'),
      node('p', 'prompt', 0, 0, { text: 'selection-history: a heron at dawn' }),
      node('t2v', 'pika-turbo-text-to-video', 420, 0, { seed: 5 }),
      node('out', 'output', 900, 0, { name: 'video' }),
    ],
    edges: [
      { id: 'e1', source: 'p', sourceHandle: 'text', target: 't2v', targetHandle: 'prompt' },
      { id: 'e2', source: 't2v', sourceHandle: 'video', target: 'out', targetHandle: 'in' },
    ],
    inputs: [],
  };
}

async function importFile(page: Page, doc: object) {
  const canvas = page.locator('[data-testid="canvas"]');
  const framed = await canvas.getAttribute('data-framed');
  await page
    .locator('[data-testid="import-file"]')
    .setInputFiles({ name: 'fold.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect.poll(() => page.locator('.pf-node').count()).toBe(3);
  await expect.poll(() => canvas.getAttribute('data-framed')).not.toBe(framed);
  await viewSettled(page);
}

/** Shift+drag a box from just above-left of node `a` to just below-right of node `b`. */
async function boxSelect(page: Page, a: string, b: string) {
  const p = (await page.locator(`[data-testid="node-${a}"]`).boundingBox())!;
  const q = (await page.locator(`[data-testid="node-${b}"]`).boundingBox())!;
  const from = { x: p.x - 12, y: p.y - 12 };
  const to = { x: q.x + q.width + 12, y: Math.max(p.y + p.height, q.y + q.height) + 12 };
  await page.keyboard.down('Shift');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
}

/** Each node's stored position. */
const positions = (page: Page) =>
  page.evaluate(() => {
    const s = (
      window as unknown as {
        __pikaflow: { getState(): { nodes: { id: string; position: { x: number; y: number } }[] } };
      }
    ).__pikaflow.getState();
    return Object.fromEntries(s.nodes.map((n) => [n.id, n.position]));
  });
const delta = (after: Record<string, { x: number; y: number }>, before: typeof after) => [
  after.t2v.x - before.t2v.x,
  after.t2v.y - before.t2v.y,
];

/** Presses Run and waits for that (new) run to complete; answers its id. */
async function runOnce(page: Page): Promise<string> {
  const before = (await seen(page)).run?.id;
  await byTestId('run').click();
  await expect.poll(async () => (await seen(page)).run?.id).not.toBe(before);
  await expect.poll(async () => (await seen(page)).run?.status, { timeout: 60_000 }).toBe('completed');
  return (await seen(page)).run!.id;
}

describe('selection and run history in Chromium', () => {
  it('folding after a Shift+drag box select or Ctrl+A unselects what it hides: Delete leaves those nodes', async () => {
    const page = await h.fresh();
    await importFile(page, shotsGraph());
    // Shift+drag a box around the two nodes inside the group (not around the whole frame: the group stays out).
    await boxSelect(page, 'p', 't2v');
    await expect.poll(() => ids(page, (n) => n.selected)).toEqual(['p', 't2v']);
    // Ctrl+click keeps the selection and adds the group; its fold hides the two, so they leave the selection.
    await page.getByRole('button', { name: 'Collapse Shots' }).click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('.react-flow__node[data-id="t2v"]').count()).toBe(0);
    await expect.poll(() => ids(page, (n) => n.selected)).toEqual(['g']);
    await shot('01-folded-after-box-select');

    // Unfolded again, Ctrl+A takes everything on screen; folding then leaves the bar and the output selected.
    await page.getByRole('button', { name: 'Expand Shots' }).click();
    await page.locator('[data-testid="node-t2v"]').waitFor();
    await page.keyboard.press('Control+a');
    await expect.poll(() => ids(page, (n) => n.selected)).toEqual(['g', 'out', 'p', 't2v']);
    await page.getByRole('button', { name: 'Collapse Shots' }).click();
    await expect.poll(() => page.locator('.react-flow__node[data-id="t2v"]').count()).toBe(0);
    await expect.poll(() => ids(page, (n) => n.selected)).toEqual(['g', 'out']);
    await shot('02-folded-after-select-all');

    // Delete: the bar goes (its nodes show again, as Ungroup does) and the output; nothing unseen is deleted, not
    // even the wire between the two that the box select had taken along.
    await page.keyboard.press('Delete');
    await expect.poll(() => ids(page)).toEqual(['p', 't2v']);
    expect((await seen(page)).edges.map((e) => e.id)).toEqual(['e1']);
    await page.locator('[data-testid="node-t2v"]').waitFor();
    await shot('03-deleted-what-was-seen');
  });

  it('after a box select, a node inside it can be right-clicked and dragged: the pair moves together', async () => {
    const page = await h.fresh();
    await importFile(page, shotsGraph());
    await boxSelect(page, 'p', 't2v');
    await expect.poll(() => ids(page, (n) => n.selected)).toEqual(['p', 't2v']);
    const before = await positions(page);
    // Dragging one of the two by its title moves both by the same amount.
    const title = (await page.locator('[data-testid="node-t2v"] .pf-node__title').boundingBox())!;
    const at = { x: title.x + 10, y: title.y + title.height / 2 };
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x + 60, at.y + 40, { steps: 8 });
    await page.mouse.up();
    const after = await positions(page);
    for (const id of ['p', 't2v'])
      expect([after[id].x - before[id].x, after[id].y - before[id].y]).toEqual(delta(after, before));
    expect(delta(after, before)[0]).toBeGreaterThan(20);
    // A right-click on a selected node opens that node's menu (the selection box used to swallow it).
    await page.locator('[data-testid="node-p"] .pf-node__title').click({ button: 'right' });
    await page.getByRole('menu').waitFor();
    expect(await page.getByRole('menuitem', { name: /Duplicate/ }).count()).toBe(1);
    await shot('05-menu-inside-box-selection');
  });

  it('clicking a problem inside a folded group opens the fold, selects the node and focuses its field', async () => {
    const page = await h.fresh();
    const doc = shotsGraph();
    // Text → Video's duration out of range: a problem on a node the fold will hide.
    doc.nodes.find((n) => n.id === 't2v')!.data.params.duration = 99;
    await importFile(page, doc);
    await page.getByRole('button', { name: 'Collapse Shots' }).click();
    await expect.poll(() => page.locator('.react-flow__node[data-id="t2v"]').count()).toBe(0);
    await byTestId('runbar-problems').click();
    await page.locator('[data-testid="node-t2v"]').waitFor();
    await expect.poll(() => ids(page, (n) => n.selected)).toEqual(['t2v']);
    expect(await page.getByRole('button', { name: 'Collapse Shots' }).count()).toBe(1);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('input-duration');
    await shot('05-problem-opens-the-fold');
  });

  it('runs made before the first save, some before a reload, are all in the Runs tab after saving', async () => {
    const page = await h.fresh();
    await byTestId('example-turbo-text-to-video').click();
    await viewSettled(page);
    const before = await runOnce(page);
    await page.reload(); // not saved yet: the draft brings the canvas back, and must bring that run along too
    await expect.poll(() => page.locator('.pf-node').count()).toBe(2);
    await expect.poll(async () => (await seen(page)).run?.id).toBe(before);
    const after = await runOnce(page);

    await page.keyboard.press('Control+s');
    await byTestId('save-name').fill('Runs across a reload');
    await byTestId('save-confirm').click();
    await expect.poll(() => byTestId('save-state').textContent()).toBe('Saved · v1');
    await byTestId('tab-runs').click();
    await expect.poll(() => byTestId('history-row').count()).toBe(2);
    await shot('04-runs-after-reload-and-save');
    const id = (await seen(page)).template.id!;
    const listed = await serverApi(h.server.url).json<{ id: string }[]>('GET', `/api/runs?graphId=${id}`);
    expect(listed.map((r) => r.id).sort()).toEqual([before, after].sort());
  });
});
