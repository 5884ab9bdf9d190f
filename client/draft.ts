import { GraphSchema } from '../shared/graph.ts';
import { restoreUnsavedRuns, unsavedRuns } from './run/unsaved-runs.ts';
import type { EditorStore } from './store/editor-store.ts';
import { fromGraph } from './store/graph-doc.ts';
import type { TemplateRef } from './store/types.ts';

export const DRAFT_KEY = 'pikaflow.draft';
/** Short enough that a crash loses at most a keystroke or two, long enough not to serialise every drag frame. */
const WRITE_DELAY_MS = 300;

/**
 * Restores the last canvas (saved or not), its name and template link, so a reload, a killed tab or a crash never
 * loses work; unsaved work coming back says so.
 */
export function restoreDraft(store: EditorStore): boolean {
  try {
    const raw = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null') as {
      graph: unknown;
      template: TemplateRef;
      dirty: boolean;
      unsavedRuns?: unknown;
    } | null;
    const graph = raw && GraphSchema.safeParse(raw.graph);
    if (!raw || !graph?.success) return false;
    store.setState({ ...fromGraph(graph.data), template: raw.template, dirty: raw.dirty });
    restoreUnsavedRuns(store, raw.unsavedRuns); // runs of it made before its first save: Save as still takes them
    if (raw.dirty && graph.data.nodes.length) store.getState().toast('info', 'Restored your unsaved draft', 6000);
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

/**
 * Keeps the draft current: written shortly after every edit (a crashed or killed tab runs no unload handler, so
 * waiting for one loses the work), and at once when the page is hidden or left. Asks before leaving unsaved changes.
 */
export function persistDraft(store: EditorStore): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: unknown[] | undefined;
  const write = () => {
    clearTimeout(timer);
    const s = store.getState();
    try {
      localStorage.setItem(
        DRAFT_KEY,
        JSON.stringify({
          graph: s.graph(),
          template: s.template,
          dirty: s.dirty,
          runId: s.run?.id,
          unsavedRuns: unsavedRuns(store),
        }),
      );
    } catch {
      /* storage full or blocked: the canvas itself is unaffected, and the next edit tries again */
    }
  };
  const unsub = store.subscribe((s) => {
    const sig = [s.nodes, s.edges, s.inputs, s.template, s.dirty, s.run?.id];
    if (last && sig.every((v, i) => v === last![i])) return;
    last = sig;
    clearTimeout(timer);
    timer = setTimeout(write, WRITE_DELAY_MS);
  });
  const hidden = () => document.visibilityState === 'hidden' && write();
  const beforeUnload = (e: BeforeUnloadEvent) => {
    write();
    if (store.getState().dirty) e.preventDefault();
  };
  addEventListener('pagehide', write);
  document.addEventListener('visibilitychange', hidden);
  addEventListener('beforeunload', beforeUnload);
  return () => {
    unsub();
    clearTimeout(timer);
    removeEventListener('pagehide', write);
    document.removeEventListener('visibilitychange', hidden);
    removeEventListener('beforeunload', beforeUnload);
  };
}
