import type { Snapshot } from './types.ts';

/** Undo depth: enough for a session, bounded so a long one does not grow without end. */
export const HISTORY_LIMIT = 200;

export interface History {
  past: Snapshot[];
  future: Snapshot[];
  /** Key of the last recorded edit; consecutive edits with the same key (typing in one field) share one undo step. */
  lastKey?: string;
}

/** Record `before` as an undo step unless it continues the previous edit (same non-empty key). */
export function record(h: History, before: Snapshot, key?: string): History {
  if (key && key === h.lastKey) return h;
  return { past: [...h.past, before].slice(-HISTORY_LIMIT), future: [], lastKey: key };
}

export function undo(h: History, current: Snapshot): { history: History; doc: Snapshot } | null {
  const doc = h.past.at(-1);
  if (!doc) return null;
  return { doc, history: { past: h.past.slice(0, -1), future: [current, ...h.future], lastKey: undefined } };
}

export function redo(h: History, current: Snapshot): { history: History; doc: Snapshot } | null {
  const doc = h.future[0];
  if (!doc) return null;
  return { doc, history: { past: [...h.past, current], future: h.future.slice(1), lastKey: undefined } };
}
