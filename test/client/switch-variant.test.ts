import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { fromGraph, toGraph } from '../../client/store/graph-doc.ts';
import { estimateCost } from '../../shared/cost.ts';
import { GraphSchema } from '../../shared/graph.ts';
import { NODE_DEFS, defaultVariant, getNodeDef, variantsOf } from '../../shared/registry.ts';
import { validateGraph } from '../../shared/validate.ts';

/**
 * Two made-up versions of one operation that differ where the real Pika versions do not (a port and a param the
 * newer one lacks), so dropping a wire and putting a param aside are tested too. The real registry stays as it is.
 */
vi.mock('../../shared/registry.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../shared/registry.ts')>();
  const { z } = await import('zod');
  const { localNode } = await import('../../shared/define-node.ts');
  const mix = (variant: string, withStyle: boolean) =>
    localNode({
      type: `test-mix-${variant}`,
      title: `Mix ${variant}`,
      category: 'Media',
      description: 'test only',
      operation: 'test-mix',
      operationTitle: 'Mix',
      variant,
      inputs: [
        { name: 'video', kind: 'video', label: 'Video', required: true },
        ...(withStyle ? [{ name: 'look', kind: 'image' as const, label: 'Look', required: false }] : []),
      ],
      outputs: [{ name: 'video', kind: 'video', label: 'Video' }],
      params: z.object({
        strength: z
          .number()
          .min(0)
          .max(withStyle ? 10 : 1)
          .default(1),
        ...(withStyle ? { style: z.string().default('plain') } : {}),
      }),
      emit: () => ({}),
    });
  const all = [...real.NODE_DEFS, mix('a', true), mix('b', false)];
  const getNodeDef = (t: string) => all.find((d) => d.type === t);
  const variantsOf = (d: { operation?: string }) =>
    d.operation ? all.filter((x) => x.operation === d.operation) : [d];
  return { ...real, NODE_DEFS: all, getNodeDef, variantsOf };
});

/** The shipped image → image-to-video 2.2 → pikaswaps → output example, loaded into a fresh editor. */
function swapsExample() {
  const graph = GraphSchema.parse(JSON.parse(readFileSync('examples/image-to-video-swaps.json', 'utf8')));
  const store = createEditorStore(fromGraph(graph));
  const s = () => store.getState();
  const node = (id: string) => s().nodes.find((n) => n.id === id)!;
  return { s, node };
}

describe('the registry groups versions into operations', () => {
  it('Text → Video and Image → Video are one operation each: Turbo · 2.1 · 2.2, newest by default', () => {
    for (const op of ['pika-turbo-text-to-video', 'pika-turbo-image-to-video']) {
      const versions = variantsOf(getNodeDef(op)!);
      expect(versions.map((d) => d.variant)).toEqual(['Turbo', '2.1', '2.2']);
      expect(defaultVariant(versions[0]).variant).toBe('2.2');
      expect(new Set(versions.map((d) => d.operationTitle)).size).toBe(1);
      expect(new Set(versions.map((d) => d.category)).size).toBe(1);
      expect(new Set(versions.map((d) => d.endpoint)).size).toBe(3);
    }
    // Every version of an operation is named, and a type with one version stands alone.
    for (const d of NODE_DEFS) if (d.operation) expect(d.variant, d.type).toBeTruthy();
    expect(variantsOf(getNodeDef('pika-pikaswaps')!)).toEqual([getNodeDef('pika-pikaswaps')]);
  });
});

describe('switching a node to another version', () => {
  it('keeps the wires and params, and the endpoint, cost and validation follow the version; one undo step', () => {
    const { s, node } = swapsExample();
    const edges = s().edges;
    const params = node('i2v').data.params;
    s().switchVariant('i2v', 'pika-turbo-image-to-video');
    expect(node('i2v').type).toBe('pika-turbo-image-to-video');
    expect(s().edges).toEqual(edges);
    expect(node('i2v').data.params).toMatchObject(params);
    expect(node('i2v').data.aside).toBeUndefined();
    expect(s().toasts).toEqual([]);
    const g = toGraph(s());
    expect(validateGraph(g)).toEqual([]);
    expect(estimateCost(g).perNode.i2v).toBe(0.2);
    expect(getNodeDef(node('i2v').type!)?.endpoint).toBe('fal-ai/pika/v2/turbo/image-to-video');
    s().undo();
    expect(node('i2v').type).toBe('pika-22-image-to-video');
    expect(node('i2v').data.params).toEqual(params);
  });

  it('puts aside a value the new version cannot take and brings it back on switching back', () => {
    const { s, node } = swapsExample();
    s().switchVariant('i2v', 'pika-turbo-image-to-video');
    s().setParams('i2v', { duration: 3 }); // Turbo takes 1–10 s; 2.2 only 5 or 10
    s().switchVariant('i2v', 'pika-22-image-to-video');
    expect(node('i2v').data.params.duration).toBe(5);
    expect(node('i2v').data.aside).toEqual({ duration: 3 });
    expect(validateGraph(toGraph(s()))).toEqual([]);
    // The aside value travels with the graph (save, draft, export) …
    expect(GraphSchema.parse(toGraph(s())).nodes.find((n) => n.id === 'i2v')?.data.aside).toEqual({ duration: 3 });
    s().switchVariant('i2v', 'pika-21-image-to-video');
    expect(node('i2v').data.params.duration).toBe(3);
    expect(node('i2v').data.aside).toBeUndefined();
  });

  it('drops an aside value once the designer sets that field on the current version', () => {
    const { s, node } = swapsExample();
    s().switchVariant('i2v', 'pika-turbo-image-to-video');
    s().setParams('i2v', { duration: 3 });
    s().switchVariant('i2v', 'pika-22-image-to-video');
    s().setParams('i2v', { duration: 10 });
    expect(node('i2v').data.aside).toBeUndefined();
    s().switchVariant('i2v', 'pika-turbo-image-to-video');
    expect(node('i2v').data.params.duration).toBe(10);
  });

  it('removes a wire the new version cannot take, says so, and undo brings it back', () => {
    const { s, node } = swapsExample();
    const mix = s().addNode('test-mix-a', { x: 0, y: 400 });
    s().connect({ source: 'i2v', sourceHandle: 'video', target: mix, targetHandle: 'video' });
    s().connect({ source: 'img', sourceHandle: 'image', target: mix, targetHandle: 'look' });
    s().setParams(mix, { style: 'noir', strength: 4 });
    const wired = s().edges;
    s().switchVariant(mix, 'test-mix-b');
    expect(
      s()
        .edges.filter((e) => e.target === mix)
        .map((e) => e.targetHandle),
    ).toEqual(['video']);
    expect(s().toasts.at(-1)?.message).toBe(
      'Switched to Mix b: removed 1 wire it cannot take (Look input). Ctrl+Z brings it back.',
    );
    expect(node(mix).data.params).toEqual({ strength: 1 });
    expect(node(mix).data.aside).toEqual({ style: 'noir', strength: 4 });
    s().switchVariant(mix, 'test-mix-a');
    expect(node(mix).data.params).toEqual({ style: 'noir', strength: 4 });
    expect(node(mix).data.aside).toBeUndefined();
    s().undo();
    s().undo();
    expect(s().edges).toEqual(wired);
    expect(node(mix).type).toBe('test-mix-a');
  });

  it('refuses a type that is not a version of the same operation', () => {
    const { s, node } = swapsExample();
    const past = s().history.past.length;
    s().switchVariant('i2v', 'pika-22-text-to-video');
    s().switchVariant('i2v', 'pika-22-image-to-video'); // already this version
    expect(node('i2v').type).toBe('pika-22-image-to-video');
    expect(s().history.past.length).toBe(past);
  });
});
