import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorForTests, importGraph, viewSettled } from './browser.ts';
import { wireMiddle } from './wire-geometry.ts';

/** Groups, sticky notes, reroutes and bypass (issue 13 part 3), done with the mouse and keys as a designer would. */

const h = editorForTests({ shotPrefix: 'groups-notes-' });
const { shot } = h;

type Pt = { x: number; y: number };
type StoreNode = {
  id: string;
  type: string;
  position: Pt;
  data: { params: Record<string, unknown>; label?: string; bypass?: boolean };
};
type StoreRun = {
  status: string;
  nodes: Record<string, { state: string; log?: string; outputs?: Record<string, string> }>;
};

/** The editor's store, read as the canvas sees it. */
const editor = (page: Page) =>
  page.evaluate(() => {
    const s = (window as unknown as { __pikaflow: { getState(): Record<string, unknown> } }).__pikaflow.getState();
    return JSON.parse(JSON.stringify({ nodes: s.nodes, edges: s.edges, run: s.run })) as {
      nodes: StoreNode[];
      edges: { source: string; sourceHandle: string; target: string; targetHandle: string }[];
      run: StoreRun | null;
    };
  });
const nodesOf = async (page: Page, type: string) => (await editor(page)).nodes.filter((n) => n.type === type);
const wires = async (page: Page) =>
  (await editor(page)).edges.map((e) => `${e.source}.${e.sourceHandle}>${e.target}.${e.targetHandle}`).sort();
const runState = async (page: Page) => (await editor(page)).run;

/** A chain prompt → turbo text-to-video → (trim →) output, with its own prompt text (no cache from other tests). */
function chain(text: string, withTrim: boolean) {
  const node = (id: string, type: string, x: number, params: Record<string, unknown> = {}) => ({
    id,
    type,
    position: { x, y: 0 },
    data: { params },
  });
  const nodes = [
    node('p', 'prompt', 0, { text }),
    node('t2v', 'pika-turbo-text-to-video', 320, { seed: 7 }),
    ...(withTrim ? [node('trim', 'trim', 640, { start: 0, end: 0.5 })] : []),
    node('out', 'output', withTrim ? 960 : 640, { name: 'video' }),
  ];
  const ids = nodes.map((n) => n.id);
  const ports: Record<string, [string, string]> = {
    p: ['text', 'prompt'],
    t2v: ['video', 'video'],
    trim: ['video', 'video'],
    out: ['', 'in'],
  };
  const edges = ids.slice(1).map((t, i) => ({
    id: `e${i}`,
    source: ids[i],
    sourceHandle: ports[ids[i]][0],
    target: t,
    targetHandle: t === 't2v' ? 'prompt' : ports[t][1],
  }));
  return { version: 1, name: text, nodes, edges, inputs: [] };
}

async function centre(page: Page, selector: string): Promise<Pt> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`not visible: ${selector}`);
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Where a wire's drawn path starts and ends, in page pixels (found by its accessible name). */
const wireEnds = (page: Page, label: string) =>
  page.evaluate((l) => {
    const g = [...document.querySelectorAll<SVGGElement>('.react-flow__edge')].find((el) =>
      el.getAttribute('aria-label')?.includes(l),
    );
    const path = g?.querySelector<SVGPathElement>('path.react-flow__edge-path');
    if (!path) return null;
    const at = (t: number) => path.getPointAtLength(t).matrixTransform(path.getScreenCTM()!);
    const [a, b] = [at(0), at(path.getTotalLength())];
    return { from: { x: a.x, y: a.y }, to: { x: b.x, y: b.y } };
  }, label);
const near = (a: Pt, b: Pt) => Math.hypot(a.x - b.x, a.y - b.y) < 12;

const menuItem = (page: Page, label: string) => page.getByRole('menuitem', { name: label });

describe('groups, notes, reroutes and bypass in Chromium', () => {
  it('groups two nodes with Ctrl+G, renames and colours it, moves them with it, folds it, and runs just the group', async () => {
    const page = await h.fresh();
    await importGraph(page, chain('groups: a lighthouse in fog', true));
    await page.locator('[data-testid="node-p"] .pf-node__title').click();
    await page.locator('[data-testid="node-t2v"] .pf-node__title').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    const group = page.locator('.pf-group');
    await group.waitFor();
    await expect.poll(() => group.locator('.pf-group__count').textContent()).toBe('2 nodes');

    // Rename by double-clicking the title; colour from the swatches the selected group shows.
    await group.locator('[data-testid="group-title"]').dblclick();
    await page.getByRole('textbox', { name: 'Group title' }).fill('Shots');
    await page.keyboard.press('Enter');
    await expect.poll(() => group.locator('[data-testid="group-title"]').textContent()).toBe('Shots');
    await page.getByRole('button', { name: 'Colour green' }).click();
    await expect
      .poll(async () => (await nodesOf(page, 'group'))[0]?.data)
      .toMatchObject({ label: 'Shots', params: { color: 'green' } });
    await shot('01-grouped');

    // Dragging the title bar moves the frame and both members by the same amount; the trim outside stays.
    const before = new Map((await editor(page)).nodes.map((n) => [n.id, n.position]));
    const bar = await centre(page, '.pf-group__title');
    await page.mouse.move(bar.x, bar.y);
    await page.mouse.down();
    await page.mouse.move(bar.x + 60, bar.y + 80, { steps: 5 });
    await page.mouse.move(bar.x + 120, bar.y + 160, { steps: 5 });
    await page.mouse.up();
    const [g] = await nodesOf(page, 'group');
    const d = { x: g.position.x - before.get(g.id)!.x, y: g.position.y - before.get(g.id)!.y };
    expect(d.y).toBeGreaterThan(50);
    const after = new Map((await editor(page)).nodes.map((n) => [n.id, n.position]));
    for (const id of ['p', 't2v']) {
      expect(after.get(id)!.x - before.get(id)!.x).toBeCloseTo(d.x, 3);
      expect(after.get(id)!.y - before.get(id)!.y).toBeCloseTo(d.y, 3);
    }
    expect(after.get('trim')).toEqual(before.get('trim'));

    // Fold: the members hide (and their wires), a bar says how many; unfold brings them back where they were.
    await page.getByRole('button', { name: 'Collapse Shots' }).click();
    await expect.poll(() => page.locator('.react-flow__node[data-id="p"]').count()).toBe(0);
    await expect.poll(() => page.locator('.react-flow__node[data-id="t2v"]').count()).toBe(0);
    expect(await page.locator('[data-testid="node-trim"]').isVisible()).toBe(true);
    // The wire from the hidden Text → Video to the trim outside is still drawn: from the folded bar's right end.
    await expect.poll(() => wireEnds(page, 'from t2v to trim, drawn to the folded group')).not.toBeNull();
    const folded = (await wireEnds(page, 'from t2v to trim'))!;
    expect(near(folded.from, await centre(page, '.pf-group .react-flow__handle.source'))).toBe(true);
    expect(near(folded.to, await centre(page, '[data-testid="node-trim"] .react-flow__handle.target'))).toBe(true);
    expect(await wires(page)).toContain('t2v.video>trim.video'); // the stored wire is unchanged
    await shot('02-folded');

    // Saved and reopened, the group keeps its title, colour, fold and members.
    await page.keyboard.press('Control+s');
    await page.locator('[data-testid="save-name"]').fill('Grouped lighthouse');
    await page.locator('[data-testid="save-confirm"]').click();
    await expect.poll(() => page.locator('[data-testid="save-state"]').textContent()).toBe('Saved · v1');
    await page.reload();
    await page.getByRole('button', { name: 'Expand Shots' }).waitFor();
    expect(await page.locator('.react-flow__node[data-id="t2v"]').count()).toBe(0);
    expect(await page.locator('.pf-group__count').textContent()).toBe('2 nodes');
    await page.getByRole('button', { name: 'Expand Shots' }).click();
    await page.locator('[data-testid="node-t2v"]').waitFor();
    expect((await editor(page)).nodes.find((n) => n.id === 't2v')!.position).toEqual(after.get('t2v'));

    // The wire is back on Text → Video's own port.
    await expect.poll(() => wireEnds(page, 'from t2v to trim, drawn')).toBeNull();
    await expect.poll(() => wireEnds(page, 'from t2v to trim')).not.toBeNull();

    // Selected, the group's inspector offers Run group, not Run up to here or Re-roll; the overview counts nodes only.
    await page.locator('.pf-group__title').click();
    await page.locator('[data-testid="run-group"]').waitFor();
    expect(await page.locator('[data-testid="run-up-to"]').count()).toBe(0);
    expect(await page.locator('[data-testid="reroll"]').count()).toBe(0);
    await page.locator('.react-flow__pane').click({ position: { x: 1000, y: 700 } });
    await expect
      .poll(() => page.locator('[data-testid="overview-count"]').textContent())
      .toMatch(/^4 nodes · 1 group\./);
    const frame0 = Number((await nodesOf(page, 'group'))[0].data.params.height);

    // Run group (from the inspector): only the group's nodes run; the trim and output outside it are left alone.
    await page.locator('.pf-group__title').click();
    await page.locator('[data-testid="run-group"]').click();
    await expect.poll(async () => (await runState(page))?.status, { timeout: 120_000 }).toBe('completed');
    const run = (await runState(page))!;
    expect(run.nodes.t2v.state).toBe('done');
    expect(run.nodes.trim).toBeUndefined();
    expect(run.nodes.out).toBeUndefined();
    // Text → Video grew a preview: the frame grew with it, so it is still drawn (and counted) inside the group.
    expect(await page.locator('.pf-group__count').textContent()).toBe('2 nodes');
    await expect.poll(async () => Number((await nodesOf(page, 'group'))[0].data.params.height)).toBeGreaterThan(frame0);
    await expect
      .poll(async () => {
        const [gb, nb] = await Promise.all([
          page.locator('.pf-group').boundingBox(),
          page.locator('[data-testid="node-t2v"]').boundingBox(),
        ]);
        return gb!.y + gb!.height - (nb!.y + nb!.height);
      })
      .toBeGreaterThan(0);
    await shot('03-group-ran');
  });

  it('adds a sticky note from the canvas menu, types in it and resizes it; adds reroutes on wires and runs through them', async () => {
    const page = await h.fresh();
    await importGraph(page, chain('reroutes: a kite over dunes', false));
    const t2v = await page.locator('[data-testid="node-t2v"]').boundingBox();
    await page.mouse.click(t2v!.x + 40, t2v!.y + t2v!.height + 120, { button: 'right' });
    await menuItem(page, 'Add note here').click();
    const text = page.getByRole('textbox', { name: 'Note text' });
    await text.click();
    await page.keyboard.type('Try seed 8 next: the kite is too small');
    await expect
      .poll(async () => (await nodesOf(page, 'note'))[0]?.data.params.text)
      .toBe('Try seed 8 next: the kite is too small');
    const grip = await centre(page, '.pf-note .pf-resize-grip');
    const width0 = Number((await nodesOf(page, 'note'))[0].data.params.width);
    await page.mouse.move(grip.x, grip.y);
    await page.mouse.down();
    await page.mouse.move(grip.x + 80, grip.y + 40, { steps: 6 });
    await page.mouse.up();
    await expect
      .poll(async () => Number((await nodesOf(page, 'note'))[0].data.params.width))
      .toBeGreaterThan(width0 + 20);

    // A reroute from the wire menu, another by double-clicking a wire: the graph still flows through both.
    const mid = await wireMiddle(page, 'p', 't2v');
    await page.mouse.click(mid.x, mid.y, { button: 'right' });
    await menuItem(page, 'Add reroute').click();
    await expect.poll(async () => (await nodesOf(page, 'reroute')).length).toBe(1);
    const [r1] = await nodesOf(page, 'reroute');
    const mid2 = await wireMiddle(page, 't2v', 'out');
    await page.mouse.dblclick(mid2.x, mid2.y);
    await expect.poll(async () => (await nodesOf(page, 'reroute')).length).toBe(2);
    const r2 = (await nodesOf(page, 'reroute')).find((n) => n.id !== r1.id)!;
    expect(await wires(page)).toEqual(
      [`p.text>${r1.id}.in`, `${r1.id}.out>t2v.prompt`, `t2v.video>${r2.id}.in`, `${r2.id}.out>out.in`].sort(),
    );
    await page.locator('.react-flow__pane').click({ position: { x: 900, y: 700 } });
    await shot('04-note-reroutes');

    await page.locator('[data-testid="run"]').click();
    await expect.poll(async () => (await runState(page))?.status, { timeout: 120_000 }).toBe('completed');
    const run = (await runState(page))!;
    expect(run.nodes.t2v.state).toBe('done');
    expect(run.nodes.out.state).toBe('done');
  });

  it('bypasses a node with Ctrl+B: downstream gets its input; a bypassed generator skips its branch and says so', async () => {
    const page = await h.fresh();
    await importGraph(page, chain('bypass: a heron taking off', true));
    await page.locator('[data-testid="node-trim"] .pf-node__title').click();
    await page.keyboard.press('Control+b');
    await page.locator('[data-testid="node-trim"] [data-testid="bypass-badge"]').waitFor();
    await page.locator('[data-testid="run"]').click();
    await expect.poll(async () => (await runState(page))?.status, { timeout: 120_000 }).toBe('completed');
    let run = (await runState(page))!;
    expect(run.nodes.trim.state).toBe('done');
    expect(run.nodes.trim.outputs?.video).toBe(run.nodes.t2v.outputs?.video);
    expect(run.nodes.out.state).toBe('done');
    await shot('05-bypassed-trim');

    // Text → Video has no video input to hand on: bypassed, it and everything after it are skipped, and say why.
    await page.locator('[data-testid="node-t2v"] .pf-node__title').click({ button: 'right' });
    await menuItem(page, 'Bypass').click();
    await page.locator('[data-testid="node-t2v"] [data-testid="bypass-badge"]').waitFor();
    await page.locator('[data-testid="run"]').click();
    await expect.poll(async () => (await runState(page))?.nodes.out?.state, { timeout: 120_000 }).toBe('skipped');
    run = (await runState(page))!;
    expect(run.nodes.t2v).toMatchObject({ state: 'skipped', log: 'bypassed' });
    await expect.poll(() => page.locator('[data-testid="node-t2v"]').textContent()).toContain('Skipped · bypassed');
    await expect.poll(() => page.locator('[data-testid="node-out"]').textContent()).toMatch(/Skipped · .* is bypassed/);
    await shot('06-bypassed-branch');
  });
  it('copies a folded group with Ctrl+C / Ctrl+V as a folded group of fresh nodes; node search names operations; a note has no Run', async () => {
    const page = await h.fresh();
    await importGraph(page, chain('copy fold: a lantern on water', true));
    await page.locator('[data-testid="node-p"] .pf-node__title').click();
    await page.locator('[data-testid="node-t2v"] .pf-node__title').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await page.locator('.pf-group').waitFor();
    await page.getByRole('button', { name: 'Collapse Group' }).click();
    await expect.poll(() => page.locator('.react-flow__node[data-id="t2v"]').count()).toBe(0);

    // Select the bar, copy, move the pointer to an empty spot and paste there.
    await page.locator('.pf-group__title').click();
    await expect.poll(() => page.locator('.pf-group.is-selected').count()).toBe(1);
    await page.keyboard.press('Control+c');
    const trim = (await page.locator('[data-testid="node-trim"]').boundingBox())!;
    await page.mouse.move(trim.x, trim.y + trim.height + 200);
    await page.keyboard.press('Control+v');
    await expect.poll(async () => (await nodesOf(page, 'group')).length).toBe(2);
    const { nodes } = await editor(page);
    const copy = nodes.find((n) => n.type === 'group' && n.id !== nodes.find((g) => g.type === 'group')!.id)!;
    const members = copy.data.params.members as string[];
    expect(members).toHaveLength(2);
    expect(members).not.toContain('p');
    expect(members).not.toContain('t2v');
    expect(
      nodes
        .filter((n) => members.includes(n.id))
        .map((n) => n.type)
        .sort(),
    ).toEqual(['pika-turbo-text-to-video', 'prompt'].sort());
    // Expanding the copy shows its own two nodes; the original stays folded over the originals.
    // Aimed at the copy's own bar (not "the last Expand button": the DOM order of the two bars is React Flow's).
    await viewSettled(page);
    await page.locator(`.react-flow__node[data-id="${copy.id}"] button[aria-expanded="false"]`).click();
    for (const id of members) await page.locator(`.react-flow__node[data-id="${id}"]`).waitFor();
    expect(await page.locator('.react-flow__node[data-id="t2v"]').count()).toBe(0);
    expect(await wires(page)).toContain(
      `${members.find((m) => m.startsWith('prompt'))}.text>${members.find((m) => !m.startsWith('prompt'))}.prompt`,
    );
    await shot('07-pasted-fold');

    // A double-click on empty canvas: the node search lists operations with a version badge, as the palette does.
    await page.locator('.react-flow__pane').dblclick({ position: { x: 500, y: 120 } });
    await page.locator('[data-testid="node-search-input"]').fill('image video');
    const row = page.getByRole('option').first();
    await expect.poll(() => row.locator('b').textContent()).toBe('Image → Video');
    await expect.poll(() => row.locator('.pf-variant-badge').textContent()).toBe('2.2');
    await shot('08-node-search');
    await page.keyboard.press('Escape');

    // A note's inspector offers nothing to run.
    await page.locator('.react-flow__pane').click({ position: { x: 300, y: 520 }, button: 'right' });
    await menuItem(page, 'Add note here').click();
    await page.locator('[data-testid="node-label"]').waitFor();
    expect(await page.locator('[data-testid="run-up-to"]').count()).toBe(0);
    expect(await page.locator('[data-testid="reroll"]').count()).toBe(0);
  });
});
