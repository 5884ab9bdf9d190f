import { create } from 'zustand';

export type Dialog = 'save-as' | 'conflict' | 'help' | null;
export type SideTab = 'inspector' | 'runs' | 'templates';

/** Chrome around the editor (open dialogs, the side tab, quick-add); none of it is part of the document or undo. */
export interface UiState {
  dialog: Dialog;
  tab: SideTab;
  quickAdd: string | null;
  /** Bumped when the template list may have changed, so open lists refetch. */
  templatesRev: number;
  set(patch: Partial<Omit<UiState, 'set'>>): void;
}

export const useUi = create<UiState>()((set) => ({
  dialog: null,
  tab: 'inspector',
  quickAdd: null,
  templatesRev: 0,
  set: (patch) => set(patch),
}));
