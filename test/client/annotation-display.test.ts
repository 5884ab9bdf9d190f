import { describe, expect, it } from 'vitest';
import { nodeTally } from '../../client/panels/GraphOverview.tsx';
import { copySelection, pasteInto } from '../../client/store/clipboard.ts';
import { FOLD_IN, FOLD_OUT, foldWires, grownFrame } from '../../client/store/group-geometry.ts';
import type { FlowEdge, FlowNode, Snapshot } from '../../client/store/types.ts';

/** Folded wires, frame growth, the overview's count and copying a folded group (issue 13 part 3 follow-ups). */

const node = (id: string, type: string, x: number, y = 0, params: Record<string, unknown> = {}): FlowNode => ({
  id,
  type,
  position: { x, y },
  data: { params },
});
const wire = (id: string, source: string, sourceHandle: string, target: string, targetHandle: string): FlowEdge => ({
  id,
  source,
  sourceHandle,
  target,
  targetHandle,
});
const folded = (id: string, members: string[]) =>
  node(id, 'group', -40, -60, { width: 700, height: 300, collapsed: true, members });

// prompt → t2v → trim → output, with prompt and t2v inside group g.
const nodes = [
  folded('g', ['p', 't2v']),
  node('p', 'prompt', 0),
  node('t2v', 'pika-turbo-text-to-video', 320),
  node('trim', 'trim', 900),
  node('out', 'output', 1200),
];
const edges = [
  wire('e0', 'p', 'text', 't2v', 'prompt'),
  wire('e1', 't2v', 'video', 'trim', 'video'),
  wire('e2', 'trim', 'video', 'out', 'in'),
];

describe('wires of a folded group', () => {
  it('draws a wire leaving the fold from the bar, leaves inner and outside wires as they are', () => {
    const shown = foldWires(edges, nodes);
    expect(shown[0]).toBe(edges[0]); // hidden with both its ends
    expect(shown[1]).toMatchObject({
      id: 'e1',
      source: 'g',
      sourceHandle: FOLD_OUT,
      target: 'trim',
      reconnectable: false,
    });
    expect(shown[2]).toBe(edges[2]);
    expect(edges[1].source).toBe('t2v'); // the stored wire is untouched
  });

  it('ends a wire into the fold on the bar, the outermost one when folds nest', () => {
    const inner = folded('inner', ['t2v']);
    const outer = folded('outer', ['inner', 't2v']);
    const shown = foldWires([wire('x', 'trim', 'video', 't2v', 'prompt')], [outer, inner, ...nodes.slice(1)]);
    expect(shown[0]).toMatchObject({ source: 'trim', target: 'outer', targetHandle: FOLD_IN });
  });

  it('returns the same edges when nothing is folded', () => {
    const open = [{ ...nodes[0], data: { params: { width: 700, height: 300 } } }, ...nodes.slice(1)];
    expect(foldWires(edges, open)).toBe(edges);
  });
});

describe('a frame around nodes that grow', () => {
  const g = node('g', 'group', 0, 0, { width: 400, height: 200 });
  it('grows to hold a member that became taller, never shrinks', () => {
    const tall = { ...node('t2v', 'pika-turbo-text-to-video', 40, 50), measured: { width: 240, height: 420 } };
    expect(grownFrame(g, [tall])).toEqual({ width: 400, height: 490 });
    const small = { ...tall, measured: { width: 100, height: 60 } };
    expect(grownFrame(g, [small])).toBeUndefined();
  });
});

describe("the overview's count", () => {
  it('counts working nodes, then notes and groups; reroutes are not counted', () => {
    const all = [...nodes, node('n1', 'note', 0, 400), node('r', 'reroute', 600, 0)];
    expect(nodeTally(all)).toEqual({ nodes: 4, words: '4 nodes · 1 group · 1 note' });
    expect(nodeTally([node('p', 'prompt', 0)]).words).toBe('1 node');
  });
});

describe('copying a folded group', () => {
  it('copies the nodes it hides too; the paste folds over its own fresh copies, which are not selected', () => {
    const doc: Snapshot = {
      nodes: nodes.map((n) => (n.id === 'g' ? { ...n, selected: true } : n)),
      edges,
      inputs: [],
    };
    const clip = copySelection(doc)!;
    expect(clip.nodes.map((n) => n.id).sort()).toEqual(['g', 'p', 't2v']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e0']);
    const after = pasteInto(doc, clip);
    const fresh = after.nodes.slice(doc.nodes.length);
    const group = fresh.find((n) => n.type === 'group')!;
    const members = group.data.params.members as string[];
    expect(members).toHaveLength(2);
    for (const id of members) expect(['p', 't2v', 'g']).not.toContain(id);
    expect(new Set(members)).toEqual(new Set(fresh.filter((n) => n.type !== 'group').map((n) => n.id)));
    expect(fresh.filter((n) => n.selected).map((n) => n.id)).toEqual([group.id]);
    const inner = after.edges.slice(doc.edges.length);
    expect(inner).toHaveLength(1);
    expect(members).toContain(inner[0].source);
    expect(members).toContain(inner[0].target);
  });
});
