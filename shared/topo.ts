import type { Graph } from './graph.ts';

type Shape = Pick<Graph, 'nodes' | 'edges'>;

/**
 * Kahn's algorithm, stable: among ready nodes, earlier in `graph.nodes` comes first.
 * Returns `cycle` with the ids left over when the graph is not acyclic. Edges to unknown nodes are ignored.
 */
export function topologicalOrder(graph: Shape): { order: string[]; cycle: string[] } {
  // Duplicate ids are reported by validation; here the first node with an id stands for it.
  const index = new Map<string, number>();
  for (const [i, n] of graph.nodes.entries()) if (!index.has(n.id)) index.set(n.id, i);
  const indegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    if (!index.has(e.source) || !index.has(e.target)) continue;
    out.get(e.source)!.push(e.target);
    indegree.set(e.target, indegree.get(e.target)! + 1);
  }
  const ready = new MinHeap();
  for (const [id, i] of index) if (indegree.get(id) === 0) ready.push(i);
  const order: string[] = [];
  while (ready.size) {
    const id = graph.nodes[ready.pop()].id;
    order.push(id);
    for (const t of out.get(id)!) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) ready.push(index.get(t)!);
    }
  }
  const done = new Set(order);
  return { order, cycle: [...index.keys()].filter((id) => !done.has(id)) };
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

/** Smallest node index first: keeps the order stable (document order among ready nodes) in O(log n) per step. */
class MinHeap {
  private items: number[] = [];
  get size() {
    return this.items.length;
  }
  push(v: number) {
    const a = this.items;
    a.push(v);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
