import { MAX_ADOPT_RUNS } from '../../shared/api.ts';
import { api, ApiError, type GraphDoc } from '../api.ts';
import type { EditorState, EditorStore } from '../store/editor-store.ts';

/**
 * The runs this page made of a document before it was a template. They are stored with no template, so without this
 * the first save would show "No runs yet" for work the designer just did: a save as a new template takes them along.
 * Kept per editor store and per load (a new or opened document starts a new list): "this page's" runs. The draft
 * keeps the list with the document (draft.ts), so a reload before the first save still takes them along.
 */
const made = new WeakMap<EditorStore, { load: number; ids: string[] }>();

/**
 * Call with every run the page starts and the editor's state when it was asked for (the document it ran): only a run
 * of an unsaved document (no template id) is remembered.
 */
export function noteRun(store: EditorStore, runId: string, asked: Pick<EditorState, 'loads' | 'template'>): void {
  const { loads, template } = asked;
  if (template.id) return;
  const mine = made.get(store);
  if (mine?.load === loads) mine.ids.push(runId);
  else made.set(store, { load: loads, ids: [runId] });
}

/** The runs of the document on the canvas, made while it had no template. */
export function unsavedRuns(store: EditorStore): string[] {
  const mine = made.get(store);
  return mine && mine.load === store.getState().loads ? [...mine.ids] : [];
}

/** A list the draft kept for the document it restored (anything but run ids, or a saved document: nothing). */
export function restoreUnsavedRuns(store: EditorStore, ids: unknown): void {
  if (!Array.isArray(ids) || store.getState().template.id) return;
  const kept = ids.filter((id): id is string => typeof id === 'string');
  if (kept.length) made.set(store, { load: store.getState().loads, ids: kept });
}

/**
 * Creates the template, taking along the runs made of it while unsaved. Should the server refuse them (say, its
 * database was replaced since), the template is still saved, without them: losing the save over history is worse.
 */
export async function createAdopting(store: EditorStore, name: string, graph: GraphDoc) {
  // The newest ones, should a long session have made more than one save takes along: a list over the limit would
  // refuse the whole save.
  const adoptRuns = unsavedRuns(store).slice(-MAX_ADOPT_RUNS);
  let saved: Awaited<ReturnType<typeof api.createGraph>>;
  try {
    saved = await api.createGraph(name, graph, adoptRuns.length ? adoptRuns : undefined);
  } catch (err) {
    const refused = err instanceof ApiError && err.problems.some((p) => p.code === 'run-not-adoptable');
    if (!refused) throw err;
    saved = await api.createGraph(name, graph);
  }
  made.delete(store);
  return saved;
}
