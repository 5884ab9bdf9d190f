import type { StoredGraph } from '../../shared/api.ts';
import { api, ApiError } from '../api.ts';
import type { EditorStore } from '../store/editor-store.ts';
import { openOrAsk } from '../open-guard.ts';
import { createAdopting } from '../run/unsaved-runs.ts';
import { loadTidyLanded } from '../use-layout.ts';
import { useUi } from '../ui-store.ts';

const refresh = () => useUi.getState().set({ templatesRev: useUi.getState().templatesRev + 1 });
const fail = (store: EditorStore, what: string, err: unknown) =>
  store.getState().toast('error', `${what}: ${err instanceof ApiError ? err.message : String(err)}`);

/** Ctrl+S: save over the open template (refused when someone saved since), or ask for a name the first time. */
export async function save(store: EditorStore): Promise<void> {
  const { template } = store.getState();
  if (!template.id) return useUi.getState().set({ dialog: 'save-as' });
  try {
    const saved = await api.saveGraph(template.id, template.name, store.getState().graph(), template.version);
    done(store, saved, 'Saved');
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) useUi.getState().set({ dialog: 'conflict' });
    else fail(store, 'Save failed', err);
  }
}

export async function saveAs(store: EditorStore, name: string): Promise<void> {
  try {
    await loadTidyLanded(); // a starter's tidy-up is part of it as opened: saved with it, never after it
    const saved = await createAdopting(store, name, { ...store.getState().graph(), name });
    done(store, saved, `Saved as “${name}”`);
    useUi.getState().set({ dialog: null });
  } catch (err) {
    fail(store, 'Save failed', err);
  }
}

/** The stale-save ways out. */
export async function resolveConflict(store: EditorStore, how: 'reload' | 'copy' | 'overwrite'): Promise<void> {
  const { template } = store.getState();
  useUi.getState().set({ dialog: null });
  if (!template.id) return;
  try {
    if (how === 'copy') return await saveAs(store, `${template.name} (copy)`);
    const theirs = await api.getGraph(template.id);
    if (how === 'reload') {
      store.getState().load(theirs.graph, { id: theirs.id, name: theirs.name, version: theirs.version });
      return store.getState().toast('info', 'Loaded the newer version (Ctrl+Z brings yours back)');
    }
    const saved = await api.saveGraph(template.id, template.name, store.getState().graph(), theirs.version);
    done(store, saved, 'Saved over the newer version');
  } catch (err) {
    fail(store, 'Save failed', err);
  }
}

/** Opens a saved template: fetched first, so "Replace unsaved work?" can say what replaces the canvas. */
export async function open(store: EditorStore, id: string): Promise<void> {
  try {
    const g = await api.getGraph(id);
    openOrAsk(store, {
      what: `the template “${g.name}”`,
      nodeCount: g.graph.nodes.length,
      open: () => {
        store.getState().load(g.graph, { id: g.id, name: g.name, version: g.version });
        store.getState().setRun(null);
        store.getState().toast('info', `Opened “${g.name}”`);
      },
    });
  } catch (err) {
    fail(store, 'Open failed', err);
  }
}

export async function rename(store: EditorStore, id: string, name: string): Promise<void> {
  try {
    const g = await api.getGraph(id);
    const saved = await api.saveGraph(id, name, g.graph, g.version);
    const { template: t, dirty } = store.getState();
    // The rename saved the stored graph, not the canvas: unsaved edits on it stay marked unsaved.
    if (t.id === id) store.getState().relink({ ...t, name, version: saved.version ?? t.version }, dirty);
    refresh();
  } catch (err) {
    fail(store, 'Rename failed', err);
  }
}

export async function duplicate(store: EditorStore, id: string): Promise<void> {
  try {
    const g = await api.getGraph(id);
    await api.createGraph(`${g.name} (copy)`, g.graph);
    refresh();
  } catch (err) {
    fail(store, 'Duplicate failed', err);
  }
}

export async function remove(store: EditorStore, id: string): Promise<void> {
  try {
    await api.deleteGraph(id);
    const t = store.getState().template;
    // The canvas keeps the graph; it just is no longer a saved template.
    if (t.id === id) store.getState().relink({ name: t.name }, true);
    refresh();
  } catch (err) {
    fail(store, 'Delete failed', err);
  }
}

function done(store: EditorStore, saved: StoredGraph, message: string) {
  store.getState().markSaved({ id: saved.id, name: saved.name, version: saved.version });
  store.getState().toast('success', message);
  refresh();
}
