import { create } from 'zustand';
import { readPanels, writePanels } from './panel-prefs.ts';
import type { PendingOpen } from './open-guard.ts';

export type Dialog = 'save-as' | 'conflict' | 'help' | 'replace' | null;
export type SideTab = 'inspector' | 'runs' | 'templates';

/** Chrome around the editor (open dialogs, the side tab, quick-add); none of it is part of the document or undo. */
export interface UiState {
  dialog: Dialog;
  tab: SideTab;
  quickAdd: string | null;
  /** Bumped when the template list may have changed, so open lists refetch. */
  templatesRev: number;
  /** A graph (template, starter, run, import, drop) waiting for "Replace unsaved work?". */
  pendingOpen: PendingOpen | null;
  /** Side panels shown (the designer can fold them away for room; remembered across reloads). */
  paletteOpen: boolean;
  sideOpen: boolean;
  set(patch: Partial<Omit<UiState, 'set'>>): void;
}

export const useUi = create<UiState>()((set) => ({
  dialog: null,
  tab: 'inspector',
  quickAdd: null,
  templatesRev: 0,
  pendingOpen: null,
  ...readPanels(),
  set: (patch) => set(patch),
}));

/** Shows or folds away the palette (`[`) or the side panel (`]`), and remembers it. */
export function togglePanel(which: 'paletteOpen' | 'sideOpen'): void {
  const ui = useUi.getState();
  ui.set({ [which]: !ui[which] });
  writePanels({ paletteOpen: useUi.getState().paletteOpen, sideOpen: useUi.getState().sideOpen });
}
