import type { Graph } from './graph.ts';

type Shape = Pick<Graph, 'nodes' | 'edges'>;

/**
 * Kahn's algorithm, stable: among ready nodes, earlier in `graph.nodes` comes first.
 * Returns `cycle` with the ids left over when the graph is not acyclic. Edges to unknown nodes are ignored.
 */
export function topologicalOrder(graph: Shape): { order: string[]; cycle: string[] } {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const indegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    if (!index.has(e.source) || !index.has(e.target)) continue;
    out.get(e.source)!.push(e.target);
    indegree.set(e.target, indegree.get(e.target)! + 1);
  }
  // A binary heap would be faster for huge graphs; a sorted ready list is fine up to 10k nodes (see bench/).
  const ready = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => index.get(n.id)!);
  const order: string[] = [];
  while (ready.length) {
    ready.sort((a, b) => b - a);
    const id = graph.nodes[ready.pop()!].id;
    order.push(id);
    for (const t of out.get(id)!) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) ready.push(index.get(t)!);
    }
  }
  const done = new Set(order);
  return { order, cycle: graph.nodes.filter((n) => !done.has(n.id)).map((n) => n.id) };
}

/** Node ids reachable downstream of `from` (excluding `from`). */
export function downstreamOf(graph: Shape, from: Iterable<string>): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) adjacency(out, e.source).push(e.target);
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length) for (const t of out.get(stack.pop()!) ?? []) if (!seen.has(t)) seen.add(t), stack.push(t);
  return seen;
}

/** Node ids upstream of `to`, including `to` itself: what must run to produce it ("run up to this node"). */
export function upstreamOf(graph: Shape, to: Iterable<string>): Set<string> {
  const inc = new Map<string, string[]>();
  for (const e of graph.edges) adjacency(inc, e.target).push(e.source);
  const seen = new Set<string>(to);
  const stack = [...seen];
  while (stack.length) for (const s of inc.get(stack.pop()!) ?? []) if (!seen.has(s)) seen.add(s), stack.push(s);
  return seen;
}

function adjacency(map: Map<string, string[]>, key: string): string[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
