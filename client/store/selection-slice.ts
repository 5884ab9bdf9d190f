import type { XYPosition } from '@xyflow/react';
import { copySelection, pasteInto } from './clipboard.ts';
import { withHiddenUnselected } from './fold-selection.ts';
import { editKit, type Slice } from './slice-kit.ts';
import type { Snapshot } from './types.ts';

/** Selection and the clipboard (what acts on the selection without changing the document goes here). */
export interface SelectionSlice {
  clipboard: Snapshot | null;
  selectOnly(id: string | null): void;
  /** Selects every node on screen: a folded group's bar, never the members it hides (Ctrl+A). */
  selectAll(): void;
  copy(): void;
  /** `at`: where the pasted group's top-left should go (the pointer); it moves to the nearest free spot from there. */
  paste(at?: XYPosition): void;
  /** Copies beside the originals, never over a node. */
  duplicate(): void;
}

export const selectionSlice: Slice<SelectionSlice> = (set, get) => {
  const { doc, edit } = editKit(set, get);
  return {
    clipboard: null,
    selectOnly(id) {
      set({ nodes: get().nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })) });
    },
    selectAll() {
      // A hidden member selected would be deleted or dragged unseen: the same rule as a fold after a selection.
      set({ nodes: withHiddenUnselected(get().nodes.map((n) => (n.selected ? n : { ...n, selected: true }))) });
    },
    copy() {
      const clip = copySelection(doc());
      if (clip) set({ clipboard: clip });
    },
    paste(at) {
      const clip = get().clipboard;
      if (clip) edit(pasteInto(doc(), clip, at));
    },
    duplicate() {
      const clip = copySelection(doc());
      if (clip) edit(pasteInto(doc(), clip));
    },
  };
};
