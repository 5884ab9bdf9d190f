import type { XYPosition } from '@xyflow/react';
import type { EditorStore } from './store/editor-store.ts';
import { togglePanel } from './ui-store.ts';

export interface ShortcutContext {
  store: EditorStore;
  run(): void;
  /** A free preview run on the built-in engine. */
  preview(): void;
  save(): void;
  layout(): void;
  fitView(): void;
  quickAdd(initial: string): void;
  help(): void;
  /** Where the pointer is over the canvas, in flow coordinates (null: not over it); a paste lands there. */
  pointer?(): XYPosition | null;
}

export interface Shortcut {
  keys: string[];
  label: string;
  /** Also fires while typing in a field (save and run should work from anywhere). */
  global?: boolean;
  match(e: KeyboardEvent): boolean;
  run(ctx: ShortcutContext): void;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key = (e: KeyboardEvent) => e.key.toLowerCase();

/** Every shortcut in one table: the key handler and the help overlay both read it. */
export const SHORTCUTS: Shortcut[] = [
  {
    keys: ['Ctrl', 'Enter'],
    label: 'Run',
    global: true,
    match: (e) => mod(e) && !e.shiftKey && e.key === 'Enter',
    run: (c) => c.run(),
  },
  // Not Shift+Enter alone: that is a new line in a prompt, and these also fire while typing.
  {
    keys: ['Ctrl', 'Shift', 'Enter'],
    label: 'Preview (free, on the built-in engine)',
    global: true,
    match: (e) => mod(e) && e.shiftKey && e.key === 'Enter',
    run: (c) => c.preview(),
  },
  {
    keys: ['Ctrl', 'S'],
    label: 'Save template',
    global: true,
    match: (e) => mod(e) && key(e) === 's',
    run: (c) => c.save(),
  },
  {
    keys: ['Ctrl', 'Z'],
    label: 'Undo',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'z',
    run: (c) => c.store.getState().undo(),
  },
  {
    keys: ['Ctrl', 'Shift', 'Z'],
    label: 'Redo (also Ctrl+Y)',
    match: (e) => mod(e) && ((e.shiftKey && key(e) === 'z') || key(e) === 'y'),
    run: (c) => c.store.getState().redo(),
  },
  // Outside text fields only (there Ctrl+A selects the text). Nodes a folded group hides are left out: selected
  // unseen, they would be deleted or dragged with nobody knowing.
  {
    keys: ['Ctrl', 'A'],
    label: 'Select every node on the canvas',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'a',
    run: (c) => c.store.getState().selectAll(),
  },
  { keys: ['Ctrl', 'C'], label: 'Copy', match: (e) => mod(e) && key(e) === 'c', run: (c) => c.store.getState().copy() },
  {
    keys: ['Ctrl', 'V'],
    label: 'Paste (where the pointer is, never over a node)',
    match: (e) => mod(e) && key(e) === 'v',
    run: (c) => c.store.getState().paste(c.pointer?.() ?? undefined),
  },
  {
    keys: ['Ctrl', 'D'],
    label: 'Duplicate',
    match: (e) => mod(e) && key(e) === 'd',
    run: (c) => c.store.getState().duplicate(),
  },
  // ComfyUI's keys. Outside text fields only, so Ctrl+B stays bold while typing; prevented, so the browser's own
  // Ctrl+G (find next) and Firefox's Ctrl+B (bookmarks) do not fire over the canvas.
  {
    keys: ['Ctrl', 'G'],
    label: 'Group the selected nodes',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'g',
    run: (c) => void c.store.getState().groupSelection(),
  },
  {
    keys: ['Ctrl', 'B'],
    label: 'Bypass the selected nodes (again: stop bypassing)',
    match: (e) => mod(e) && !e.shiftKey && key(e) === 'b',
    run: (c) => c.store.getState().toggleBypass(),
  },
  {
    keys: ['Delete'],
    label: 'Delete selection (also Backspace)',
    match: (e) => !mod(e) && (e.key === 'Delete' || e.key === 'Backspace'),
    run: (c) => c.store.getState().deleteSelected(),
  },
  {
    keys: ['/'],
    label: 'Add a node by name (also Ctrl+K, or just start typing)',
    match: (e) => (e.key === '/' && !mod(e)) || (mod(e) && key(e) === 'k'),
    run: (c) => c.quickAdd(''),
  },
  {
    keys: ['Shift', 'L'],
    label: 'Tidy up (auto-layout)',
    match: (e) => e.shiftKey && !mod(e) && key(e) === 'l',
    run: (c) => c.layout(),
  },
  {
    keys: ['Shift', '1'],
    label: 'Fit view',
    match: (e) => e.shiftKey && !mod(e) && e.code === 'Digit1',
    run: (c) => c.fitView(),
  },
  // Bare brackets: unused by browsers, side by side, left one for the left panel. Not Ctrl+I: italic in text fields
  // and Firefox's page info (Ctrl+B is bypass, above).
  {
    keys: ['['],
    label: 'Show or hide the node palette',
    match: (e) => !mod(e) && !e.altKey && e.key === '[',
    run: () => togglePanel('paletteOpen'),
  },
  {
    keys: [']'],
    label: 'Show or hide the side panel (inspector, runs, templates)',
    match: (e) => !mod(e) && !e.altKey && e.key === ']',
    run: () => togglePanel('sideOpen'),
  },
  { keys: ['?'], label: 'This help', match: (e) => e.key === '?', run: (c) => c.help() },
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** The document-level key handler. A bare letter on the canvas opens quick-add with it already typed. */
export function handleKey(e: KeyboardEvent, ctx: ShortcutContext): void {
  const inField = typing(e.target);
  const hit = SHORTCUTS.find((s) => s.match(e));
  if (hit && (!inField || hit.global)) {
    e.preventDefault();
    hit.run(ctx);
    return;
  }
  if (!inField && !mod(e) && !e.altKey && /^[a-z0-9]$/i.test(e.key) && !e.shiftKey) {
    e.preventDefault();
    ctx.quickAdd(e.key);
  }
}
