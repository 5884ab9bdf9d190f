import { useEffect, useState } from 'react';
import type { EstimateResponse } from '../../shared/api.ts';
import { estimateCost } from '../../shared/cost.ts';
import { api } from '../api.ts';
import { useEditorStore, useEditor } from '../store/context.tsx';

export interface Estimate {
  total: number;
  /** Nodes that cost something this time. */
  paid: number;
  cached: number;
  guess: boolean;
  /** True when the server could not be asked and this is the local, cache-blind figure. */
  offline: boolean;
}

/**
 * What a run would cost now. The server knows the cache (cached nodes cost nothing), so ask it, debounced while
 * editing; fall back to the shared estimate when it cannot answer (e.g. the graph is not valid yet).
 */
export function useEstimate(): Estimate | null {
  const store = useEditorStore();
  const nodes = useEditor((s) => s.nodes.length);
  const problems = useEditor((s) => s.problems);
  const runStatus = useEditor((s) => s.run?.status);
  const [est, setEst] = useState<Estimate | null>(null);
  useEffect(() => {
    let live = true;
    const t = setTimeout(async () => {
      const graph = store.getState().graph();
      try {
        const r: EstimateResponse = await api.estimate(graph);
        const paid = Object.values(r.perNode).filter((v) => v > 0).length;
        if (live) setEst({ total: r.total, paid, cached: r.cached.length, guess: r.includesGuesses, offline: false });
      } catch {
        const r = estimateCost(graph);
        const paid = Object.values(r.perNode).filter((v) => v > 0).length;
        if (live) setEst({ total: r.total, paid, cached: 0, guess: r.includesGuesses, offline: true });
      }
    }, 350);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // problems is a fresh array exactly when the document's content changed: a good "re-estimate" signal.
  }, [store, nodes, problems, runStatus]);
  return est;
}
