import { TERMINAL_RUN, type EngineKind, type RunEvent } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import { api, ApiError } from '../api.ts';
import { plainRunEngine } from '../server-config.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { canTake, MAX_TAKES, takesOf } from '../../shared/takes.ts';
import type { EditorStore } from '../store/editor-store.ts';
import { emptyRun, runFromDetail } from '../store/run-state.ts';
import { markCancelAsked, unmarkCancelAsked } from './cancel-asked.ts';
import { problemText } from './node-names.ts';
import { announce, clearAnnounced } from './run-announce.ts';
import { noteRun } from './unsaved-runs.ts';

/** Where the active run id is kept, so a reload reconnects to it instead of losing sight of it. */
export const ACTIVE_RUN_KEY = 'pikaflow.activeRun';

let source: EventSource | null = null;

/** Follows a run's events into the store. EventSource resends Last-Event-ID itself when the connection drops. */
/** `remember: false` (the app page): the editor must not resume a run of another page's graph after a reload. */
export function follow(store: EditorStore, runId: string, { remember = true } = {}): void {
  source?.close();
  if (remember) localStorage.setItem(ACTIVE_RUN_KEY, runId);
  const es = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
  source = es;
  es.onmessage = (msg) => {
    let ev: RunEvent;
    try {
      ev = JSON.parse(msg.data) as RunEvent;
    } catch {
      return;
    }
    store.getState().applyEvent(ev);
    const status = store.getState().run?.status;
    if (status && TERMINAL_RUN.includes(status)) {
      es.close();
      if (source === es) source = null;
      if (remember) localStorage.removeItem(ACTIVE_RUN_KEY);
      announce(store);
    }
  };
}

export interface RunOptions {
  only?: string[];
  reroll?: string[];
  /** `local`: a free Preview on the built-in engine (with a key set; without one every run is local anyway). */
  engine?: EngineKind;
  /** Nodes left "may exist on fal" to submit again, at the designer's word that paying twice is acceptable. */
  resubmit?: string[];
}

/** Starts a run of what is on the canvas (not what was last saved), then follows it. */
export async function startRun(store: EditorStore, opts: RunOptions = {}): Promise<void> {
  const s = store.getState();
  if (s.run && !TERMINAL_RUN.includes(s.run.status)) return s.toast('info', 'A run is already in progress');
  clearAnnounced(store);
  try {
    const { runId } = await api.startRun({ graph: s.graph(), graphId: s.template.id, ...opts });
    noteRun(store, runId, s);
    // The run's own events name its engine too; this only labels it correctly before the first one arrives.
    store.getState().setRun(emptyRun(runId, opts.engine ?? plainRunEngine()));
    follow(store, runId);
  } catch (err) {
    const msg = err instanceof ApiError ? err.message : String(err);
    const first = err instanceof ApiError ? err.problems[0] : undefined;
    const { toast, nodes } = store.getState();
    // Named as the canvas names the node; a click on the toast goes to it (its field focused).
    const target = first?.nodeId ? { nodeId: first.nodeId, field: first.field } : undefined;
    toast('error', first ? `Cannot run: ${problemText(first, nodes)}` : `Cannot run: ${msg}`, undefined, target);
    if (first?.nodeId) store.getState().selectOnly(first.nodeId);
  }
}

/**
 * "Submit again — may cost twice" on a node whose submit had an unknown outcome: a run of the canvas that may submit
 * that node anew (the server never does so unasked). It uses the same engine as the run that left the node unsure.
 */
export function resubmitNode(store: EditorStore, nodeId: string): Promise<void> {
  const engine = store.getState().run?.engine;
  return startRun(store, { resubmit: [nodeId], ...(engine ? { engine } : {}) });
}

/**
 * Re-roll one node. A generation node (one with a seed) gets one take more, picked, and the canvas runs up to it: the
 * new take is the only thing paid for, and it is what the graph now says, so the next Run keeps it (shared/takes.ts).
 * Any other node: with a current run that included it, the server re-runs that run (its graph and scope) with the
 * node generated anew, so the history shows the re-roll as a child of what is on screen; without one (or after the
 * canvas changed since), it is a fresh run of the canvas up to that node.
 */
export async function rerollNode(store: EditorStore, nodeId: string): Promise<void> {
  const s = store.getState();
  const run = s.run;
  if (run && !TERMINAL_RUN.includes(run.status)) return s.toast('info', 'A run is already in progress');
  const node = s.nodes.find((n) => n.id === nodeId);
  if (node && canTake(getNodeDef(node.type ?? ''))) {
    const count = takesOf({ type: node.type ?? '', data: node.data });
    if (count >= MAX_TAKES)
      return s.toast('info', `This node has ${MAX_TAKES} takes already: keep one (or lower Takes) to re-roll again`);
    s.setTakes(nodeId, { takes: count + 1, pick: count });
    return startRun(store, { only: [nodeId], ...(run?.engine === 'local' ? { engine: 'local' as const } : {}) });
  }
  // A re-roll of a preview is another preview: it never turns into a paid run unasked.
  const fresh = () =>
    startRun(store, {
      only: [nodeId],
      reroll: [nodeId],
      ...(run?.engine === 'local' ? { engine: 'local' as const } : {}),
    });
  if (!run?.nodes[nodeId]) return fresh();
  try {
    if (!sameContent((await api.getRun(run.id)).graph, s.graph())) return fresh();
    const detail = await api.reroll(run.id, nodeId);
    noteRun(store, detail.id, s);
    store.getState().setRun(emptyRun(detail.id, detail.engine ?? run.engine));
    follow(store, detail.id);
  } catch (err) {
    store.getState().toast('error', `Cannot re-roll: ${err instanceof ApiError ? err.message : String(err)}`);
  }
}

/** Same nodes, params and wires (positions and names do not change what a run makes). */
function sameContent(a: Graph, b: Graph): boolean {
  const key = (g: Graph) =>
    JSON.stringify([
      g.nodes.map((n) => [n.id, n.type, n.data.params, n.data.takes, n.data.pick]),
      g.edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle, e.data?.order]),
    ]);
  return key(a) === key(b);
}

export async function cancelRun(store: EditorStore): Promise<void> {
  const run = store.getState().run;
  if (!run) return;
  try {
    // Said at once: the server answers only once the run has stopped, which waits for any result fal already billed.
    markCancelAsked(run.id);
    await api.cancelRun(run.id);
  } catch (err) {
    unmarkCancelAsked(run.id);
    store.getState().toast('error', `Cancel failed: ${err instanceof ApiError ? err.message : String(err)}`);
  }
}

/**
 * After a reload: if a run was in flight, load where it is and keep following it; otherwise show again the run the
 * canvas last showed (`lastRun`, from the draft), so its results do not vanish with the page.
 */
export async function resumeRun(store: EditorStore, lastRun?: string): Promise<void> {
  const active = localStorage.getItem(ACTIVE_RUN_KEY);
  const id = active ?? lastRun;
  if (!id) return;
  try {
    const detail = await api.getRun(id);
    store.getState().setRun(runFromDetail(detail));
    if (detail.cancelRequested) markCancelAsked(id);
    if (!TERMINAL_RUN.includes(detail.status)) follow(store, id);
    else if (active) localStorage.removeItem(ACTIVE_RUN_KEY);
  } catch {
    if (active) localStorage.removeItem(ACTIVE_RUN_KEY);
  }
}
