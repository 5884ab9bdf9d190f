import type { NodeOutputs } from '../../shared/define-node.ts';
import type { Graph } from '../../shared/graph.ts';
import { getNodeDef } from '../../shared/registry.ts';

/** Upstream/downstream sets within a run's scope (edges leaving the scope are ignored). */
export function wire(graph: Graph, scope: Set<string>) {
  const upstream = new Map<string, Set<string>>();
  const downstream = new Map<string, Set<string>>();
  for (const id of scope) upstream.set(id, new Set()), downstream.set(id, new Set());
  for (const e of graph.edges) {
    if (!scope.has(e.source) || !scope.has(e.target)) continue;
    upstream.get(e.target)!.add(e.source);
    downstream.get(e.source)!.add(e.target);
  }
  return { upstream, downstream };
}

/** What `run.completed` reports: Output-category nodes and leaves (a graph without Output nodes still shows results). */
export function runOutputs(
  graph: Graph,
  scope: Set<string>,
  downstream: Map<string, Set<string>>,
  outputsOf: (id: string) => NodeOutputs | undefined,
): Record<string, NodeOutputs> {
  const out: Record<string, NodeOutputs> = {};
  for (const n of graph.nodes) {
    if (!scope.has(n.id)) continue;
    const outputs = outputsOf(n.id);
    if (outputs && (getNodeDef(n.type)?.category === 'Output' || !downstream.get(n.id)!.size)) out[n.id] = outputs;
  }
  return out;
}
