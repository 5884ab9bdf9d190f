import type { RunEvent } from '../../shared/events.ts';
import type { Problem } from '../../shared/validate.ts';
import { applyRunEvent } from './run-state.ts';
import type { Slice } from './slice-kit.ts';
import type { RunView, Toast } from './types.ts';

/** What the editor tells the designer, outside the document: the run on screen, toasts, validation problems. */
export interface FeedbackSlice {
  run: RunView | null;
  toasts: Toast[];
  /** Shared validation of the current document (kept fresh by watchProblems). */
  problems: Problem[];
  problemNodes: ReadonlySet<string>;
  setRun(run: RunView | null): void;
  applyEvent(ev: RunEvent): void;
  /** `ms`: how long it stays (default: errors 7 s, news 3.5 s); `target`: the node it is about (click to go there). */
  toast(kind: Toast['kind'], message: string, ms?: number, target?: Toast['target']): void;
  dismissToast(id: number): void;
}

let toastSeq = 0;

export const feedbackSlice: Slice<FeedbackSlice> = (set, get) => ({
  run: null,
  toasts: [],
  problems: [],
  problemNodes: new Set(),
  setRun: (run) => set({ run }),
  applyEvent(ev) {
    const run = get().run;
    if (run) set({ run: applyRunEvent(run, ev) });
  },
  toast(kind, message, ms, target) {
    const id = ++toastSeq;
    const toast = { id, kind, message, ms, target };
    set({ toasts: [...get().toasts.filter((t) => t.message !== message), toast].slice(-4) });
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
});
