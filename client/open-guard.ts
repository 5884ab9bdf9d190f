import type { EditorState, EditorStore } from './store/editor-store.ts';
import { useUi } from './ui-store.ts';

/** A whole document about to replace the canvas, waiting for "Replace unsaved work?" when there is some. */
export interface PendingOpen {
  /** What replaces the canvas, as the dialog names it ("the starter “Image to video”"). */
  what: string;
  nodeCount: number;
  /** Replaces the canvas: one load, so one undo step with the document's name and template link. */
  open(): void | Promise<void>;
}

/**
 * Whether replacing the canvas could lose work: unsaved changes on a canvas with nodes. A graph just opened and not
 * touched since (its load is still the last undo step) is not work of the designer's, so a second starter or
 * template replaces it without asking; Ctrl+Z brings it back either way.
 */
export function hasUnsavedWork(s: EditorState): boolean {
  return s.dirty && s.nodes.length > 0 && s.history.lastKey !== `load:${s.loads}`;
}

/** Every load (template, starter, run, import, drop, link) goes through here, so each asks the same way. */
export function openOrAsk(store: EditorStore, pending: PendingOpen): void {
  if (hasUnsavedWork(store.getState())) useUi.getState().set({ dialog: 'replace', pendingOpen: pending });
  else void pending.open();
}
