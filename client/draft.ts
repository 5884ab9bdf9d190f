import { GraphSchema } from '../shared/graph.ts';
import type { EditorStore } from './store/editor-store.ts';
import { fromGraph } from './store/graph-doc.ts';
import type { TemplateRef } from './store/types.ts';

export const DRAFT_KEY = 'pikaflow.draft';

/** Restores the last canvas (saved or not) so a reload or a crash never loses work. */
export function restoreDraft(store: EditorStore): boolean {
  try {
    const raw = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as {
      graph: unknown;
      template: TemplateRef;
      dirty: boolean;
    } | null;
    const graph = raw && GraphSchema.safeParse(raw.graph);
    if (!raw || !graph?.success) return false;
    store.setState({ ...fromGraph(graph.data), template: raw.template, dirty: raw.dirty });
    return true;
  } catch {
    return false;
  }
}

/** The run last shown on the draft's canvas, so a reload shows its results again (absent after opening another graph). */
export function draftRunId(): string | undefined {
  try {
    const id = (JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as { runId?: unknown } | null)?.runId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the draft current (debounced) and asks before leaving with unsaved changes. */
export function persistDraft(store: EditorStore): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: unknown;
  const write = () => {
    const s = store.getState();
    localStorage.setItem(
      DRAFT_KEY,
      JSON.stringify({ graph: s.graph(), template: s.template, dirty: s.dirty, runId: s.run?.id }),
    );
  };
  const unsub = store.subscribe((s) => {
    const sig = [s.nodes, s.edges, s.inputs, s.template, s.dirty, s.run?.id];
    if (last && sig.every((v, i) => v === (last as unknown[])[i])) return;
    last = sig;
    clearTimeout(timer);
    timer = setTimeout(write, 400);
  });
  const beforeUnload = (e: BeforeUnloadEvent) => {
    write();
    if (store.getState().dirty) e.preventDefault();
  };
  addEventListener('beforeunload', beforeUnload);
  return () => {
    unsub();
    removeEventListener('beforeunload', beforeUnload);
  };
}
