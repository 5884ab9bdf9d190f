import { create } from 'zustand';
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
  set(patch: Partial<Omit<UiState, 'set'>>): void;
}

export const useUi = create<UiState>()((set) => ({
  dialog: null,
  tab: 'inspector',
  quickAdd: null,
  templatesRev: 0,
  pendingOpen: null,
  set: (patch) => set(patch),
}));
