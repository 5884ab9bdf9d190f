import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../server/start-server.ts';
import { launchChromium } from './chromium.ts';

export const ARTIFACTS = resolve('test-artifacts');

export interface EditorHarness {
  server: RunningServer;
  context: BrowserContext;
  /** The current page (replaced by `fresh`). */
  page: Page;
  /**
   * A new page on an empty editor: the previous page is closed without its unload handlers (so it writes no draft)
   * and the browser's storage is cleared, so no test sees the canvas, draft or active run another test left. The
   * server (and its stored templates and cache) is shared: tests use their own names and prompts.
   */
  fresh(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Builds the client, starts the real server (local fal engine, fast) on port 0 and opens Chromium on it. `extra`
 * adds to the server's options (e.g. a dummy `falKey`: Preview is offered, and a preview never contacts fal).
 */
export async function openEditor(extra: Partial<ServerOptions> = {}): Promise<EditorHarness> {
  // Each test file builds into its own folder: two files building into dist/client at once would empty it under the other.
  const clientDir = await mkdtemp(join(tmpdir(), 'pikaflow-e2e-client-'));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', clientDir, '--emptyOutDir'], {
    stdio: 'inherit',
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'pikaflow-e2e-data-'));
  const profile = await mkdtemp(join(tmpdir(), 'pikaflow-e2e-chrome-'));
  // Fewer frames per rendered clip (read when the built-in engine starts): the same filters, half the CPU, which
  // matters on two cores with a second copy of the suite beside this one.
  const fps = process.env.LOCAL_FAL_FPS;
  process.env.LOCAL_FAL_FPS = '8';
  const server = await startServer({
    port: 0,
    dataDir,
    clientDir,
    localFalSpeed: 20,
    pollIntervalMs: 40,
    concurrency: 6,
    retry: { max: 5, baseMs: 30, maxMs: 200 },
    ...extra,
  }).finally(() => {
    if (fps === undefined) delete process.env.LOCAL_FAL_FPS;
    else process.env.LOCAL_FAL_FPS = fps;
  });
  const context = await launchChromium(profile, {
    // Headless Chromium reports a light system theme: the editor follows it, so tests see the dark default unless
    // they emulate light themselves (test/e2e/previews-themes.test.ts, the light passes of a11y.test.ts).
    colorScheme: 'dark',
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  const h: EditorHarness = {
    server,
    context,
    page,
    async fresh() {
      for (const p of context.pages()) await p.close({ runBeforeUnload: false });
      const next = await context.newPage();
      // A same-origin page that is not the editor, so clearing storage races no draft being written.
      await next.goto(`${server.url.replace(/\/$/, '')}/api/config`);
      await next.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      });
      await next.goto(server.url);
      await next.locator('[data-testid="empty-canvas"]').waitFor();
      h.page = next;
      return next;
    },
    async close() {
      await context.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
      await rm(clientDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The element with data-testid `id` on `page`. */
export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** Saves what `page` shows as test-artifacts/<name>.png, for a person to look at (no test reads it back). */
export const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

/**
 * byTestId and shot on the page `page()` answers at the time of the call (a harness's page changes with each
 * `fresh`), screenshots named `<shotPrefix><name>`.
 */
export function onPage(page: () => Page, shotPrefix = '') {
  return {
    byTestId: (id: string) => byTestId(page(), id),
    shot: (name: string) => shot(page(), `${shotPrefix}${name}`),
  };
}

export interface TestEditorOptions {
  /** Added to the server's options (see openEditor); a function is called when the editor opens. */
  server?: Partial<ServerOptions> | (() => Partial<ServerOptions>);
  /** fal played by a local engine (`standIn`) behind a dummy FAL_KEY: runs are paid runs, and nothing leaves. */
  standIn?: boolean;
  /** Put before each screenshot's name, so two files never write the same picture. */
  shotPrefix?: string;
}

export interface TestEditor extends EditorHarness, ReturnType<typeof onPage> {
  /** The engine playing fal (only with `standIn: true`). */
  readonly standIn: LocalFalEngine;
}

/**
 * The editor that the tests of a file (or of a describe block) share: opened in beforeAll (and the artifacts folder
 * made), closed in afterAll. Usable from the start as `h`: it answers for the harness once beforeAll has opened it.
 */
export function editorForTests(options: TestEditorOptions = {}): TestEditor {
  let opened: EditorHarness | undefined;
  let standIn: LocalFalEngine | undefined;
  const open = () => {
    if (!opened) throw new Error('the editor opens in beforeAll: use it inside a hook or a test');
    return opened;
  };
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    if (options.standIn) standIn = await startLocalFal({ speed: 20 });
    const paid = standIn && { falKey: 'e2e-dummy-key-for-the-stand-in', falStandIn: standIn.url };
    const extra = typeof options.server === 'function' ? options.server() : options.server;
    opened = await openEditor({ ...paid, ...extra });
  }, 300_000);
  afterAll(async () => {
    await opened?.close();
    await standIn?.close();
  });
  return {
    ...onPage(() => open().page, options.shotPrefix),
    get server() {
      return open().server;
    },
    get context() {
      return open().context;
    },
    get page() {
      return open().page;
    },
    set page(page) {
      open().page = page; // firstVisit replaces the page
    },
    get standIn() {
      if (!standIn) throw new Error('no stand-in for fal: ask editorForTests for one ({ standIn: true })');
      return standIn;
    },
    fresh: () => open().fresh(),
    close: () => open().close(),
  };
}

/** Node ids of a type, read from the editor's store (ids are random, types are not). */
export async function nodeIds(page: Page, type: string): Promise<string[]> {
  return page.evaluate((t) => {
    const store = (window as unknown as { __pikaflow: { getState(): { nodes: { id: string; type: string }[] } } })
      .__pikaflow;
    return store
      .getState()
      .nodes.filter((n) => n.type === t)
      .map((n) => n.id);
  }, type);
}

async function center(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`not visible: ${selector}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real mouse drag (press, move in steps, release), as a designer does it. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  await page.mouse.up();
}

export async function dragFromPalette(page: Page, type: string, to: { x: number; y: number }) {
  // The palette has one row per operation, its newest version (issue 13): an older one is found by searching for it.
  const search = page.locator('[data-testid="palette-search"]');
  const searched = (await page.locator(`[data-testid="palette-item-${type}"]`).count()) === 0;
  if (searched) await search.fill(type);
  await page.locator(`[data-testid="palette-item-${type}"]`).scrollIntoViewIfNeeded();
  await drag(page, await center(page, `[data-testid="palette-item-${type}"]`), to);
  if (searched) await search.fill('');
}

/** Drags from an output handle to an input handle. */
export async function wire(page: Page, source: string, out: string, target: string, input: string) {
  const from = await center(page, `.react-flow__handle.source[data-nodeid="${source}"][data-handleid="${out}"]`);
  const to = await center(page, `.react-flow__handle.target[data-nodeid="${target}"][data-handleid="${input}"]`);
  await drag(page, from, to);
}

/**
 * A new page with no cookie and no stored draft, on a server with access control: what a person opening the shared
 * server for the first time sees (the sign-in page). It becomes `h.page`.
 */
export async function firstVisit(h: EditorHarness): Promise<Page> {
  for (const p of h.context.pages()) await p.close({ runBeforeUnload: false });
  await h.context.clearCookies();
  const page = await h.context.newPage();
  h.page = page;
  await page.goto(h.server.url);
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
  // Nothing of the editor has started on the sign-in page, so clearing storage here races no draft being written.
  await page.evaluate(() => localStorage.clear());
  return page;
}

/** Types a token into the sign-in page (or the "Sign in again" dialog's page) and presses Sign in. */
export async function signIn(page: Page, token: string) {
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Prompt → Text → Video → Output built by hand (palette drags, two wires), the prompt typed in its inspector and the
 * selection cleared: what a designer does first. Returns the three node ids.
 */
export async function buildPromptToVideo(page: Page, prompt: string) {
  await dragFromPalette(page, 'prompt', { x: 380, y: 300 });
  await dragFromPalette(page, 'pika-turbo-text-to-video', { x: 760, y: 300 });
  await dragFromPalette(page, 'output', { x: 1100, y: 300 });
  const [p] = await nodeIds(page, 'prompt');
  const [t2v] = await nodeIds(page, 'pika-turbo-text-to-video');
  const [out] = await nodeIds(page, 'output');
  await wire(page, p!, 'text', t2v!, 'prompt');
  await wire(page, t2v!, 'video', out!, 'in');
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
  await page.locator(`[data-testid="node-${p}"] .pf-node__title`).click();
  await page.locator('[data-testid="input-text"]').fill(prompt);
  await page.locator('.react-flow__pane').click({ position: { x: 900, y: 700 } });
  return { p: p!, t2v: t2v!, out: out! };
}

/** Drops a file onto the canvas the way the OS does: a drop event carrying a DataTransfer with the file. */
export async function dropFile(page: Page, bytes: Buffer, name: string, type: string, at: { x: number; y: number }) {
  await page.evaluate(
    ({ b64, name, type, at }) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bin], name, { type }));
      const target = document.elementFromPoint(at.x, at.y)!;
      for (const kind of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(
          new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: dt, clientX: at.x, clientY: at.y }),
        );
    },
    { b64: bytes.toString('base64'), name, type, at },
  );
}

/** Imports a graph document the way a designer does (the Import button), and waits until its nodes are on the canvas. */
export async function importGraph(page: Page, doc: { nodes: unknown[] }, fileName = 'graph.json') {
  const canvas = page.locator('[data-testid="canvas"]');
  const framed = await canvas.getAttribute('data-framed');
  await page
    .locator('[data-testid="import-file"]')
    .setInputFiles({ name: fileName, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect.poll(() => page.locator('.pf-node').count()).toBe(doc.nodes.length);
  // The opening's fit moves every node once they are measured: a click aimed before it lands would miss its node.
  await expect.poll(() => canvas.getAttribute('data-framed')).not.toBe(framed);
  await viewSettled(page);
}

/** Waits until the app no longer moves the view (an opening's fit, a starter's tidy-up): see client/canvas/view-settle.ts. */
export async function viewSettled(page: Page) {
  await expect.poll(() => page.locator('[data-testid="canvas"]').getAttribute('data-settled')).not.toBe('false');
}

/** A shipped example as a document, with `edit` applied (own prompts and names keep tests off each other's cache). */
export async function example(file: string, edit: (g: ExampleDoc) => void = () => {}): Promise<ExampleDoc> {
  const g = JSON.parse(await readFile(join('examples', file), 'utf8')) as ExampleDoc;
  edit(g);
  return g;
}

export interface ExampleDoc {
  version: 1;
  name?: string;
  nodes: { id: string; type: string; position?: unknown; data: { params: Record<string, unknown> } }[];
  edges: unknown[];
  inputs?: { name: string; node: string; param: string; label?: string }[];
}
