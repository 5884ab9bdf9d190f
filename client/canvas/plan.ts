import { useMemo } from 'react';
import { estimateCost } from '../../shared/cost.ts';
import { TERMINAL_RUN, type EngineKind } from '../../shared/events.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import type { Graph } from '../../shared/graph.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { takesOf, type TakeSet } from '../../shared/takes.ts';
import { contentKey, priceKey, useLatestEstimate, type Estimate } from '../panels/use-estimate.ts';
import { useServerConfig } from '../server-config.ts';
import { useEditor } from '../store/context.tsx';
import type { EditorState } from '../store/editor-store.ts';
import type { RunView } from '../store/types.ts';

/** What the next Run does to one node, as the canvas says it before Run is pressed. */
export interface NodePlan {
  /** `run`: made anew; `cached`: its result is reused (no new generation); `none`: nothing to say (a source). */
  next: 'run' | 'cached' | 'none';
  /** USD the next Run pays for it; absent when not known (its params are not valid yet). */
  cost?: number;
  /** The next Run is a free preview: the price is what fal would charge, not what is spent. */
  preview: boolean;
  /** The result on the node was made from other params or inputs than the canvas has now. */
  previous: boolean;
  /** A finished run is on screen and this node will run again: the wires into it say so. */
  changed: boolean;
  /** A node making several takes: how many of them the next Run makes, and the price of one (for "3 × $0.20"). */
  takes?: { run: number; of: number; price: number };
  /** Which take of the run on screen the node now is (a re-pick or a promoted take shows that take's result). */
  shows?: number;
}

const NONE: ReadonlyMap<string, NodePlan> = new Map();

/**
 * Every node's plan. A node's result is "previous" when its fingerprint (params and everything upstream, as the engine
 * computes it) differs from the one its result was made with. Whether a paid node will generate is the server's answer
 * (it knows the cache) while that answer is for the canvas's own content; meanwhile what the canvas itself knows.
 */
export function computePlan(
  graph: Pick<Graph, 'nodes' | 'edges'>,
  run: RunView | null,
  est: Estimate | null,
  plainEngine: EngineKind,
): ReadonlyMap<string, NodePlan> {
  if (run && !TERMINAL_RUN.includes(run.status)) return NONE; // while a run goes, its state is the news
  const fresh = est && !est.offline && est.key === priceKey(graph) ? est : undefined;
  const engine = fresh?.engine ?? plainEngine;
  const takeSets = new Map<string, TakeSet>();
  const prints = run ? graphFingerprints(graph, {}, run.engine, takeSets) : undefined;
  const local = fresh ? undefined : estimateCost(graph);
  const plan = new Map<string, NodePlan>();
  for (const n of graph.nodes) {
    const def = getNodeDef(n.type);
    const made = run?.nodes[n.id];
    const hasResult = made?.state === 'done' || made?.state === 'cached';
    // A result the run made: the node's own (its pick), or any take of it (re-picking and promoting are free).
    const had = (fp?: string) => fp === made?.fingerprint || !!made?.takes?.some((t) => ok(t) && t.fingerprint === fp);
    const previous = !!(hasResult && made?.fingerprint && !had(prints?.get(n.id)));
    const current = hasResult && !previous && (takeSets.get(n.id)?.prints.every(had) ?? true);
    let next: NodePlan['next'];
    let cost: number | undefined = 0;
    if (!def || (def.emit && (def.category === 'Sources' || !previous))) next = 'none';
    else if (def.emit || !def.endpoint)
      next = current ? 'cached' : 'run'; // free steps, cached by fingerprint too
    else if (current && run?.engine === engine) next = 'cached';
    else if (fresh) {
      next = fresh.cachedIds.includes(n.id) ? 'cached' : 'run';
      cost = fresh.perNode[n.id] || undefined;
    } else {
      next = 'run';
      cost = local?.perNode[n.id] || undefined;
    }
    if (next !== 'run') cost = 0;
    const takes = next === 'run' ? takesPlan(n, cost) : undefined;
    const shows = made?.takes?.findIndex((t) => ok(t) && t.fingerprint === prints?.get(n.id)) ?? -1;
    plan.set(n.id, {
      next,
      cost,
      preview: engine === 'local',
      previous,
      changed: !!run && next === 'run',
      ...(takes ? { takes } : {}),
      ...(shows >= 0 ? { shows } : {}),
    });
  }
  return plan;
}

const ok = (t: { state: string }) => t.state === 'done' || t.state === 'cached';

/** How many of a node's takes run (its cost over the price of one) and that price; undefined for a single take. */
function takesPlan(n: Graph['nodes'][number], cost: number | undefined): NodePlan['takes'] {
  const of = takesOf(n);
  if (of === 1) return undefined;
  const price = estimateCost({ nodes: [{ ...n, data: { ...n.data, takes: 1 } }] }).total;
  const run = price > 0 && cost !== undefined ? Math.round(cost / price) : of;
  return { run, of, price };
}

/**
 * One computation per change of content, run or estimate, shared by every node (positions and selection do not count:
 * contentKey reads the content again only when a node's data or a wire changed, so a drag costs nothing here).
 */
let memo: { args: unknown[]; key: string; plan: ReadonlyMap<string, NodePlan> } | undefined;
function planOf(s: EditorState, est: Estimate | null, plainEngine: EngineKind): ReadonlyMap<string, NodePlan> {
  const args = [s.nodes, s.edges, s.run, est, plainEngine];
  if (memo && args.every((a, i) => a === memo!.args[i])) return memo.plan;
  const key = contentKey(s);
  if (memo && key === memo.key && args.slice(2).every((a, i) => a === memo!.args[i + 2])) memo = { ...memo, args };
  else memo = { args, key, plan: computePlan(s.graph(), s.run, est, plainEngine) };
  return memo.plan;
}

function usePlan(): (s: EditorState) => ReadonlyMap<string, NodePlan> {
  const est = useLatestEstimate((s) => s.estimate);
  const plainEngine: EngineKind = useServerConfig((s) => (s.config?.localEngine ? 'local' : 'fal'));
  return (s) => planOf(s, est, plainEngine);
}

/** This node's plan (absent while a run goes). */
export function useNodePlan(id: string): NodePlan | undefined {
  const plan = usePlan();
  return useEditor((s) => plan(s).get(id));
}

/** Nodes a finished run showed that the next Run makes again: the wires into them turn amber. Stable while unchanged. */
export function useChangedNodes(): ReadonlySet<string> {
  const plan = usePlan();
  const key = useEditor((s) =>
    [...plan(s)]
      .filter(([, p]) => p.changed)
      .map(([id]) => id)
      .join('\u0000'),
  );
  return useMemo(() => new Set(key ? key.split('\u0000') : []), [key]);
}
