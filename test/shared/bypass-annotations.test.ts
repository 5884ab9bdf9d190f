import { describe, expect, it } from 'vitest';
import { bypassSalts, passThrough } from '../../shared/bypass.ts';
import { estimateCost } from '../../shared/cost.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import { GraphSchema, indexEdgesByPort, type Graph } from '../../shared/graph.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { validateGraph } from '../../shared/validate.ts';
import { carriedKind, refusedDownstream, type WireLookup } from '../../shared/wire-kind.ts';

/** A graph from [id, type, params, bypass?] and ['from.port', 'to.port'] pairs. */
function g(nodes: [string, string, Record<string, unknown>?, boolean?][], edges: [string, string][] = []): Graph {
  return GraphSchema.parse({
    version: 2,
    nodes: nodes.map(([id, type, params, bypass]) => ({ id, type, data: { params: params ?? {}, bypass } })),
    edges: edges.map(([from, to], i) => {
      const [source, sourceHandle] = from.split('.');
      const [target, targetHandle] = to.split('.');
      return { id: `e${i}`, source, sourceHandle, target, targetHandle };
    }),
  });
}
const lookup = (graph: Graph): WireLookup => ({
  typeOf: (id) => graph.nodes.find((n) => n.id === id)?.type,
  into: indexEdgesByPort(graph),
  from: (id) => graph.edges.filter((e) => e.source === id),
});

describe('bypass', () => {
  it('hands each output the first input of its kind, or nothing when one has no such input', () => {
    const trim = getNodeDef('trim')!;
    expect(passThrough(trim, { video: ['/media/a.mp4'] })).toEqual({ video: '/media/a.mp4' });
    expect(passThrough(trim, { video: [] })).toBeUndefined();
    const i2v = getNodeDef('pika-turbo-image-to-video')!;
    expect(passThrough(i2v, { image: ['/media/a.png'], prompt: ['hi'] })).toBeUndefined();
    const swaps = getNodeDef('pika-pikaswaps')!;
    expect(passThrough(swaps, { video: ['/media/v.mp4'], image: ['/media/i.png'] })).toEqual({ video: '/media/v.mp4' });
  });

  it('a bypassed node costs nothing and is not validated; its wires still are', () => {
    const graph = g(
      [
        ['p', 'prompt', { text: 'a fox' }],
        ['t2v', 'pika-22-text-to-video', { duration: 'not a duration' }, true],
        ['out', 'output'],
      ],
      [
        ['p.text', 't2v.prompt'],
        ['t2v.video', 'out.in'],
      ],
    );
    expect(validateGraph(graph)).toEqual([]);
    expect(estimateCost(graph).total).toBe(0);
    const wrong = g(
      [
        ['p', 'prompt', { text: 'x' }],
        ['trim', 'trim', {}, true],
      ],
      [['p.text', 'trim.video']],
    );
    expect(validateGraph(wrong).map((p) => p.code)).toEqual(['kind-mismatch']);
  });

  it('marks the bypassed node in fingerprints, so downstream is never served its un-bypassed result', () => {
    const nodes: [string, string, Record<string, unknown>?, boolean?][] = [
      ['v', 'video', { url: 'https://cdn.example.com/a.mp4' }],
      ['trim', 'trim', { start: 1 }],
      ['frame', 'extract-frame'],
    ];
    const wires: [string, string][] = [
      ['v.video', 'trim.video'],
      ['trim.video', 'frame.video'],
    ];
    const plain = graphFingerprints(g(nodes, wires));
    const bypassed = graphFingerprints(
      g(nodes.map((n) => (n[0] === 'trim' ? [...n.slice(0, 3), true] : n)) as typeof nodes, wires),
    );
    expect(bypassed.get('v')).toBe(plain.get('v'));
    expect(bypassed.get('frame')).not.toBe(plain.get('frame'));
    expect(bypassSalts([{ id: 'a', data: { bypass: true } }], { a: 'reroll' })).toEqual({ a: 'bypassed:reroll' });
    expect(bypassSalts([{ id: 'a', data: {} }], { a: 'reroll' })).toEqual({ a: 'reroll' });
  });
});

describe('canvas items', () => {
  it('notes and groups are never validated nor priced, whatever their params', () => {
    const graph = g([
      ['n', 'note', { text: 'remember' }],
      ['grp', 'group', { color: 'green', width: 500, height: 300 }],
    ]);
    expect(validateGraph(graph)).toEqual([]);
    expect(estimateCost(graph)).toMatchObject({ total: 0, perNode: { n: 0, grp: 0 } });
    expect(getNodeDef('group')!.params.safeParse({ color: 'teal' }).success).toBe(false);
  });

  it('a reroute carries the kind of what feeds it, through a chain, and validation judges the far end', () => {
    const graph = g(
      [
        ['p', 'prompt', { text: 'a kite' }],
        ['r1', 'reroute'],
        ['r2', 'reroute'],
        ['trim', 'trim'],
      ],
      [
        ['p.text', 'r1.in'],
        ['r1.out', 'r2.in'],
        ['r2.out', 'trim.video'],
      ],
    );
    expect(carriedKind(lookup(graph), 'r2', 'out')).toBe('text');
    expect(carriedKind(lookup(graph), 'p', 'text')).toBe('text');
    const problems = validateGraph(graph);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'kind-mismatch', nodeId: 'trim', edgeId: 'e2' });
    expect(problems[0].message).toContain('gives text');
    // What a reroute would pass on is judged against what it already feeds.
    expect(refusedDownstream(lookup(graph), 'r1', 'text')).toEqual({ nodeId: 'trim', port: 'video' });
    expect(refusedDownstream(lookup(graph), 'r1', 'video')).toBeUndefined();
  });

  it('a reroute fed by nothing says to connect it, and downstream is not blamed for its kind', () => {
    const graph = g(
      [
        ['r', 'reroute'],
        ['trim', 'trim'],
      ],
      [['r.out', 'trim.video']],
    );
    expect(carriedKind(lookup(graph), 'r', 'out')).toBe('any');
    expect(validateGraph(graph).map((p) => [p.code, p.nodeId])).toEqual([['missing-input', 'r']]);
  });
});
