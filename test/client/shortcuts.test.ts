import { describe, expect, it } from 'vitest';
import { handleKey, SHORTCUTS, type ShortcutContext } from '../../client/shortcuts.ts';
import { createEditorStore } from '../../client/store/editor-store.ts';

/** A keydown as the browser gives it (only the fields the handler reads). */
const key = (k: string, mods: { ctrl?: boolean; shift?: boolean } = {}, tagName = 'DIV') =>
  ({
    key: k,
    code: '',
    ctrlKey: !!mods.ctrl,
    metaKey: false,
    shiftKey: !!mods.shift,
    altKey: false,
    target: { tagName },
    preventDefault() {},
  }) as unknown as KeyboardEvent;

function press(e: KeyboardEvent): string[] {
  const calls: string[] = [];
  const note = (name: string) => () => void calls.push(name);
  const ctx: ShortcutContext = {
    store: createEditorStore(),
    run: note('run'),
    preview: note('preview'),
    save: note('save'),
    layout: note('layout'),
    fitView: note('fit'),
    quickAdd: note('quickAdd'),
    help: note('help'),
  };
  handleKey(e, ctx);
  return calls;
}

describe('run and preview shortcuts', () => {
  it('Ctrl+Enter runs, Ctrl+Shift+Enter previews, from the canvas and from a prompt alike', () => {
    expect(press(key('Enter', { ctrl: true }))).toEqual(['run']);
    expect(press(key('Enter', { ctrl: true, shift: true }))).toEqual(['preview']);
    expect(press(key('Enter', { ctrl: true, shift: true }, 'TEXTAREA'))).toEqual(['preview']);
  });

  it('leaves Shift+Enter to the prompt (a new line), and lists Preview in the help', () => {
    expect(press(key('Enter', { shift: true }, 'TEXTAREA'))).toEqual([]);
    expect(SHORTCUTS.find((s) => s.label.startsWith('Preview'))?.keys).toEqual(['Ctrl', 'Shift', 'Enter']);
  });
});
