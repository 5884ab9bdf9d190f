import { indexEdgesByPort, type Graph } from './graph.ts';
import type { Problem } from './problem.ts';
import { topologicalOrder } from './topo.ts';
import { checkEdge } from './validate-edge.ts';
import { checkNode } from './validate-node.ts';
import type { WireLookup } from './wire-kind.ts';

// The per-edge and per-node checks live in validate-edge.ts and validate-node.ts; this file walks the graph and stays
// the one place client, server and CLI import validation from.
export type { Problem, ProblemCode } from './problem.ts';
export { parseParams } from './validate-node.ts';

type Shape = Pick<Graph, 'nodes' | 'edges'>;

/** Every problem of a graph (empty when it can run). Never throws on a parsed graph. */
export function validateGraph(graph: Shape): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map<string, Shape['nodes'][number]>();
  for (const n of graph.nodes) {
    if (byId.has(n.id))
      problems.push({ code: 'duplicate-id', nodeId: n.id, message: `Two nodes share the id "${n.id}"` });
    byId.set(n.id, n);
  }
  const into = indexEdgesByPort(graph);
  const wires: WireLookup = { typeOf: (id) => byId.get(id)?.type, into };
  const edgeIds = new Set<string>();
  for (const e of graph.edges) {
    if (edgeIds.has(e.id))
      problems.push({ code: 'duplicate-id', edgeId: e.id, message: `Two edges share the id "${e.id}"` });
    edgeIds.add(e.id);
    problems.push(...checkEdge(e, byId, wires));
  }
  for (const n of byId.values()) problems.push(...checkNode(into, n, byId));
  const { cycle } = topologicalOrder(graph);
  if (cycle.length) {
    const names = cycle.map((id) => `"${id}"`).join(' → ');
    problems.push({ code: 'cycle', nodeId: cycle[0], nodes: cycle, message: `These nodes form a loop: ${names}` });
  }
  return problems;
}
