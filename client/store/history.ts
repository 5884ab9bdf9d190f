import type { TemplateRef, UndoStep } from './types.ts';

/** Undo depth: enough for a session, bounded so a long one does not grow without end. */
export const HISTORY_LIMIT = 200;

/** The undoable part of the editor: the document and its template link, never selection or run state. */
export interface History {
  past: UndoStep[];
  future: UndoStep[];
  /** Key of the last recorded edit; consecutive edits with the same key (typing in one field) share one undo step. */
  lastKey?: string;
}

/** Record `before` as an undo step unless it continues the previous edit (same non-empty key). */
export function record(h: History, before: UndoStep, key?: string): History {
  if (key && key === h.lastKey) return h;
  return { past: [...h.past, before].slice(-HISTORY_LIMIT), future: [], lastKey: key };
}

export function undo(h: History, current: UndoStep): { history: History; doc: UndoStep } | null {
  const doc = h.past.at(-1);
  if (!doc) return null;
  return { doc, history: { past: h.past.slice(0, -1), future: [current, ...h.future], lastKey: undefined } };
}

export function redo(h: History, current: UndoStep): { history: History; doc: UndoStep } | null {
  const doc = h.future[0];
  if (!doc) return null;
  return { doc, history: { past: [...h.past, current], future: h.future.slice(1), lastKey: undefined } };
}

/**
 * A document's link changed without a load (saved, renamed, deleted on the server): every undo step of that same
 * document takes the new link, so undoing an edit never drops the id a first save gave it. A document's steps share
 * one TemplateRef object (edits copy the reference), which tells them apart from another document's steps (before a
 * load). Steps of the same template opened earlier take its newest name and version: saving them after an undo is
 * the designer's own choice, not a clash with someone else's save.
 */
export function relinkSteps(h: History, from: TemplateRef, to: TemplateRef): History {
  // One new object per old one, so the steps of each document keep sharing theirs.
  const moved = new Map<TemplateRef, TemplateRef>([[from, to]]);
  const linkOf = (t: TemplateRef): TemplateRef => {
    if (!moved.has(t)) moved.set(t, to.id && t.id === to.id ? { ...t, name: to.name, version: to.version } : t);
    return moved.get(t)!;
  };
  const move = (s: UndoStep): UndoStep =>
    linkOf(s.template) === s.template ? s : { ...s, template: linkOf(s.template) };
  return { ...h, past: h.past.map(move), future: h.future.map(move) };
}
