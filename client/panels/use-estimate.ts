import { keepPreviousData, skipToken, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { estimateCost } from '../../shared/cost.ts';
import type { EngineKind } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import { api } from '../api.ts';
import { useEditorStore, useEditor } from '../store/context.tsx';
import type { EditorState } from '../store/editor-store.ts';

export interface Estimate {
  total: number;
  /** Nodes that cost something this time. */
  paid: number;
  cached: number;
  guess: boolean;
  /** True when the server could not be asked and this is the local, cache-blind figure. */
  offline: boolean;
  /** The graph content this answers (`priceKey`): the canvas uses it per node only while it is the canvas's own. */
  key: string;
  /** USD per node id for the next run (0: free, cached or invalid). */
  perNode: Record<string, number>;
  /** Paid nodes the server's cache will answer. */
  cachedIds: string[];
  /** The engine the server priced: `local` means the next Run is a free preview. */
  engine?: EngineKind;
}

/**
 * The run bar's latest answer, shared with the canvas so each node can say what the next Run does to it without a
 * second request for the same graph (one `useEstimate` asks; nodes only read).
 */
export const useLatestEstimate = create<{ estimate: Estimate | null }>()(() => ({ estimate: null }));

/** What the price depends on: nodes, params and wires. Positions and names are left out, so a drag asks nothing. */
export const priceKey = (g: Pick<Graph, 'nodes' | 'edges'>) =>
  JSON.stringify([
    g.nodes.map((n) => [n.id, n.type, n.data.params, n.data.takes, n.data.pick]),
    g.edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle, e.data?.order]),
  ]);

/**
 * The canvas's price key now, recomputed only when a node's data or a wire changes (a drag makes new node objects
 * every frame but keeps their data).
 */
let keyMemo: { data: unknown[]; edges: unknown; key: string } | undefined;
export function contentKey(s: EditorState): string {
  const data = s.nodes.flatMap((n) => [n.id, n.type, n.data]);
  const m = keyMemo;
  if (m && m.edges === s.edges && m.data.length === data.length && data.every((d, i) => d === m.data[i])) return m.key;
  keyMemo = { data, edges: s.edges, key: priceKey(s.graph()) };
  return keyMemo.key;
}

async function askEstimate(graph: Graph, key: string, signal: AbortSignal): Promise<Estimate> {
  try {
    const r = await api.estimate(graph, signal);
    const paid = Object.values(r.perNode).filter((v) => v > 0).length;
    return {
      total: r.total,
      paid,
      cached: r.cached.length,
      guess: r.includesGuesses,
      offline: false,
      key,
      perNode: r.perNode,
      cachedIds: r.cached,
      ...(r.engine ? { engine: r.engine } : {}),
    };
  } catch (err) {
    if (signal.aborted) throw err; // superseded by a newer graph: the query drops it
    // The server cannot answer (e.g. the graph is not valid yet): the shared, cache-blind estimate instead.
    const r = estimateCost(graph);
    const paid = Object.values(r.perNode).filter((v) => v > 0).length;
    return {
      total: r.total,
      paid,
      cached: 0,
      guess: r.includesGuesses,
      offline: true,
      key,
      perNode: r.perNode,
      cachedIds: [],
    };
  }
}

/**
 * What a run would cost now. The server knows the cache (cached nodes cost nothing), so ask it, debounced while
 * editing; the last figure stays on screen while the next is asked, and a superseded request is cancelled. `current`
 * is false while the figure shown answers an older canvas (an edit not yet priced, or a finished run's cache being
 * asked about again): the run bar dims it rather than show a stale price as today's.
 */
export function useEstimate(): (Estimate & { current: boolean }) | null {
  const store = useEditorStore();
  const queryClient = useQueryClient();
  const nodes = useEditor((s) => s.nodes.length);
  const problems = useEditor((s) => s.problems);
  const runStatus = useEditor((s) => s.run?.status);
  const [asked, setAsked] = useState<{ graph: Graph; key: string } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: nodes and problems change when the content does: the signal
  useEffect(() => {
    const t = setTimeout(() => {
      const graph = store.getState().graph();
      const key = priceKey(graph);
      setAsked((old) => (old?.key === key ? old : { graph, key }));
    }, 350);
    return () => clearTimeout(t);
  }, [store, nodes, problems]);
  // A run that ends fills the server's cache, so the same graph may now cost less: every estimate is asked again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runStatus is the signal, not an input
  useEffect(() => void queryClient.invalidateQueries({ queryKey: ['estimate'] }), [queryClient, runStatus]);
  const shownKey = useEditor(contentKey);
  const { data, isFetching } = useQuery({
    queryKey: ['estimate', asked?.key],
    queryFn: asked ? ({ signal }) => askEstimate(asked.graph, asked.key, signal) : skipToken,
    placeholderData: keepPreviousData,
    retry: false,
    // Keys carry the graph's content: keep a minute of them (enough for undo and redo), not the default five.
    gcTime: 60_000,
  });
  useEffect(() => useLatestEstimate.setState({ estimate: data ?? null }), [data]);
  // Gone with the run bar (another page): the canvas must not keep pricing from a graph it no longer shows.
  useEffect(() => () => useLatestEstimate.setState({ estimate: null }), []);
  return data ? { ...data, current: data.key === shownKey && !isFetching } : null;
}
