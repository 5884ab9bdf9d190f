import type { Graph } from '../../shared/graph.ts';
import { api, ApiError } from '../api.ts';
import { appApi } from '../app-page/app-api.ts';
import type { EditorStore } from '../store/editor-store.ts';
import { parseGraphJson } from '../store/graph-doc.ts';
import { runFromDetail } from '../store/run-state.ts';
import { openOrAsk } from '../open-guard.ts';

/** A graph a dropped file carries, and the run that made it (an output MP4). */
interface DroppedGraph {
  graph: Graph;
  name: string;
  runId?: string;
  from: string;
}

const isJson = (f: File) => f.type === 'application/json' || /\.json$/i.test(f.name);
const isMp4 = (f: File) => f.type === 'video/mp4' || /\.mp4$/i.test(f.name);

/**
 * Provenance: a dropped graph JSON (read here, with the one graph schema) or an output MP4 (the server reads the graph
 * it carries) opens the graph that made it. Returns false when the file holds no graph, so an ordinary video is
 * still placed as a Video node.
 */
export async function openDropped(store: EditorStore, file: File): Promise<boolean> {
  if (isJson(file)) {
    const r = parseGraphJson(await file.text());
    if ('error' in r) store.getState().toast('error', `${file.name}: ${r.error}`);
    else offer(store, { graph: r.graph, name: r.graph.name ?? file.name.replace(/\.json$/i, ''), from: file.name });
    return true;
  }
  if (!isMp4(file)) return false;
  try {
    const r = await appApi.provenance(file);
    offer(store, { graph: r.graph, runId: r.runId, name: r.graph.name ?? `Made ${file.name}`, from: file.name });
    return true;
  } catch (err) {
    // 4xx: a video without our metadata (or no provenance route): it is just footage.
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) return false;
    store.getState().toast('error', `${file.name}: ${err instanceof ApiError ? err.message : String(err)}`);
    return true;
  }
}

/** Replacing unsaved work needs a yes; an empty or saved canvas is replaced at once (Ctrl+Z still brings it back). */
function offer(store: EditorStore, d: DroppedGraph): void {
  openOrAsk(store, {
    what: `the graph in ${d.from}`,
    nodeCount: d.graph.nodes.length,
    open: () => openGraphOf(store, d),
  });
}

async function openGraphOf(store: EditorStore, p: DroppedGraph): Promise<void> {
  store.getState().load(p.graph, { name: p.name }, { dirty: true });
  store.getState().setRun(null);
  store.getState().toast('success', `Opened the graph of ${p.from} (Ctrl+Z to undo)`);
  if (!p.runId) return;
  try {
    // Show what that run made on its nodes, when this server still knows the run.
    store.getState().setRun(runFromDetail(await api.getRun(p.runId)));
  } catch {
    /* another machine's run: the graph alone is what was asked for */
  }
}
