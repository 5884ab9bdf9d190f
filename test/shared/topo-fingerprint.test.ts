import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../shared/cost.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import type { Graph } from '../../shared/graph.ts';
import { downstreamOf, topologicalOrder, upstreamOf } from '../../shared/topo.ts';

const node = (id: string, type = 'pika-pikaswaps', params: Record<string, unknown> = {}) => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { params },
});
const edge = (s: string, t: string, sh = 'video', th = 'video') => ({
  id: `${s}-${t}-${th}`,
  source: s,
  sourceHandle: sh,
  target: t,
  targetHandle: th,
});
const graph = (nodes: Graph['nodes'], edges: Graph['edges']) => ({ nodes, edges });

/** Every edge goes from earlier to later in the order. */
function respectsEdges(g: ReturnType<typeof graph>, order: string[]) {
  const pos = new Map(order.map((id, i) => [id, i]));
  return g.edges.every((e) => pos.get(e.source)! < pos.get(e.target)!);
}

describe('topologicalOrder', () => {
  it('orders a diamond', () => {
    const g = graph(
      [node('d'), node('b'), node('c'), node('a', 'video')],
      [edge('a', 'b'), edge('a', 'c'), edge('b', 'd', 'video', 'video'), edge('c', 'd', 'video', 'image')],
    );
    const { order, cycle } = topologicalOrder(g);
    expect(cycle).toEqual([]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(respectsEdges(g, order)).toBe(true);
  });

  it('orders a fan-out, keeping document order among siblings', () => {
    const kids = Array.from({ length: 10 }, (_, i) => node(`k${i}`));
    const g = graph(
      [...kids.reverse(), node('src', 'video')],
      kids.map((k) => edge('src', k.id)),
    );
    const { order } = topologicalOrder(g);
    expect(order[0]).toBe('src');
    expect(order.slice(1)).toEqual(kids.map((k) => k.id));
  });

  it('orders a long chain given backwards', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `n${i}`);
    const g = graph(
      [...ids].reverse().map((id) => node(id)),
      ids.slice(1).map((id, i) => edge(ids[i], id)),
    );
    expect(topologicalOrder(g).order).toEqual(ids);
  });

  it('reports the nodes of a cycle and only them', () => {
    const g = graph(
      [node('x', 'video'), node('a'), node('b')],
      [edge('x', 'a'), edge('a', 'b'), edge('b', 'a', 'video', 'image')],
    );
    expect(topologicalOrder(g)).toEqual({ order: ['x'], cycle: ['a', 'b'] });
  });

  it('finds upstream and downstream sets', () => {
    const g = graph([node('a', 'video'), node('b'), node('c'), node('z', 'video')], [edge('a', 'b'), edge('b', 'c')]);
    expect([...upstreamOf(g, ['b'])].sort()).toEqual(['a', 'b']);
    expect([...downstreamOf(g, ['a'])].sort()).toEqual(['b', 'c']);
  });
});

describe('fingerprints', () => {
  const base = () =>
    graph(
      [
        node('src', 'video', { url: 'https://a.example/v.mp4' }),
        node('s1', 'pika-pikaswaps', { prompt: 'cat', seed: 1 }),
        node('s2', 'pika-pikaswaps', { prompt: 'dog' }),
        node('side', 'pika-turbo-text-to-video', { prompt: 'x' }),
      ],
      [edge('src', 's1'), edge('s1', 's2')],
    );

  it('is stable under key order and node order', () => {
    const a = graphFingerprints(base());
    const g = base();
    g.nodes[1].data.params = { seed: 1, prompt: 'cat' };
    g.nodes.reverse();
    expect(graphFingerprints(g)).toEqual(a);
  });

  it('counts defaults as given: an explicit default changes nothing', () => {
    const g = base();
    g.nodes[1].data.params = { prompt: 'cat', seed: 1, negative_prompt: '' };
    expect(graphFingerprints(g).get('s1')).toBe(graphFingerprints(base()).get('s1'));
  });

  it('changes a node and exactly its downstream when a param changes', () => {
    const before = graphFingerprints(base());
    const g = base();
    g.nodes[1].data.params = { prompt: 'cat', seed: 2 };
    const after = graphFingerprints(g);
    expect(after.get('src')).toBe(before.get('src'));
    expect(after.get('side')).toBe(before.get('side'));
    expect(after.get('s1')).not.toBe(before.get('s1'));
    expect(after.get('s2')).not.toBe(before.get('s2'));
  });

  it('changes downstream when an upstream source changes, and on re-roll', () => {
    const before = graphFingerprints(base());
    const g = base();
    g.nodes[0].data.params = { url: 'https://a.example/other.mp4' };
    expect(graphFingerprints(g).get('s2')).not.toBe(before.get('s2'));
    const rerolled = graphFingerprints(base(), { s2: '1' });
    expect(rerolled.get('s2')).not.toBe(before.get('s2'));
    expect(rerolled.get('s1')).toBe(before.get('s1'));
  });
});

describe('estimateCost', () => {
  it('sums per node and skips cached ones', () => {
    const g = graph(
      [
        node('a', 'pika-turbo-text-to-video', { prompt: 'x' }),
        node('b', 'pika-22-text-to-video', { prompt: 'x', resolution: '1080p' }),
        node('p', 'prompt', { text: 'x' }),
      ],
      [],
    );
    expect(estimateCost(g)).toMatchObject({ total: 0.65, perNode: { a: 0.2, b: 0.45, p: 0 } });
    expect(estimateCost(g, new Set(['b'])).total).toBe(0.2);
  });
});
