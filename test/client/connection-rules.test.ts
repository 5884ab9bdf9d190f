import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { defsForEnd } from '../../client/store/connection-rules.ts';
import { NODE_DEFS } from '../../shared/registry.ts';

function pipeline() {
  const store = createEditorStore();
  const s = () => store.getState();
  const img = s().addNode('image', { x: 0, y: 0 });
  const i2v = s().addNode('pika-22-image-to-video', { x: 300, y: 0 });
  const swap = s().addNode('pika-pikaswaps', { x: 600, y: 0 });
  const out = s().addNode('output', { x: 900, y: 0 });
  return { store, s, img, i2v, swap, out };
}

describe('connection rules', () => {
  it('accepts fitting kinds and refuses others with a reason', () => {
    const { s, img, i2v, swap } = pipeline();
    expect(s().connect({ source: img, sourceHandle: 'image', target: i2v, targetHandle: 'image' })).toEqual({
      ok: true,
    });
    const bad = s().connect({ source: img, sourceHandle: 'image', target: swap, targetHandle: 'video' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/takes video, but Image gives image/);
    expect(s().edges).toHaveLength(1);
  });

  it('replaces the wire in a taken single input (one undo step) and refuses a cycle', () => {
    const { s, img, i2v, swap } = pipeline();
    const img2 = s().addNode('image', { x: 0, y: 200 });
    s().connect({ source: img, sourceHandle: 'image', target: i2v, targetHandle: 'image' });
    const again = s().connect({ source: img2, sourceHandle: 'image', target: i2v, targetHandle: 'image' });
    expect(again.ok).toBe(true);
    expect(s().edges.map((e) => e.source)).toEqual([img2]);
    s().undo();
    expect(s().edges.map((e) => e.source)).toEqual([img]);
    // video → concat → extract-frame → back into image-to-video would loop
    const cat = s().addNode('extract-frame', { x: 0, y: 0 });
    expect(s().connect({ source: i2v, sourceHandle: 'video', target: swap, targetHandle: 'video' }).ok).toBe(true);
    expect(s().connect({ source: swap, sourceHandle: 'video', target: cat, targetHandle: 'video' }).ok).toBe(true);
    const loop = s().connect({ source: cat, sourceHandle: 'image', target: swap, targetHandle: 'image' });
    expect(!loop.ok && loop.reason).toMatch(/loop/);
  });

  it('orders list-port edges and lets them be reordered', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const kf = s().addNode('pika-22-keyframes', { x: 0, y: 0 });
    const imgs = [0, 1, 2].map((i) => s().addNode('image', { x: 0, y: i * 100 }));
    for (const id of imgs)
      expect(s().connect({ source: id, sourceHandle: 'image', target: kf, targetHandle: 'images' }).ok).toBe(true);
    expect(s().edges.map((e) => e.data?.order)).toEqual([0, 1, 2]);
    s().moveListEdge(s().edges[2].id, -1);
    const order = (id: string) => s().edges.find((e) => e.source === id)!.data!.order;
    expect([order(imgs[0]), order(imgs[2]), order(imgs[1])]).toEqual([0, 1, 2]);
    expect(
      s()
        .graph()
        .edges.every((e) => e.data?.order !== undefined),
    ).toBe(true);
  });

  it('refuses a full list port, naming its maximum', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const kf = s().addNode('pika-22-keyframes', { x: 0, y: 0 });
    const imgs = [0, 1, 2, 3, 4, 5].map((i) => s().addNode('image', { x: 0, y: i * 100 }));
    const verdicts = imgs.map((id) =>
      s().connect({ source: id, sourceHandle: 'image', target: kf, targetHandle: 'images' }),
    );
    expect(verdicts.slice(0, 5).every((v) => v.ok)).toBe(true);
    expect(!verdicts[5].ok && verdicts[5].reason).toMatch(/at most 5; disconnect one first/);
  });

  it('moves a wire end to another handle, judged without the wire itself, and detaches wires', () => {
    const { s, img, i2v, swap, out } = pipeline();
    s().connect({ source: img, sourceHandle: 'image', target: i2v, targetHandle: 'image' });
    s().connect({ source: i2v, sourceHandle: 'video', target: swap, targetHandle: 'video' });
    const wire = s().edges[1].id;
    // i2v → swap moved to i2v → output.
    expect(s().reconnect(wire, { source: i2v, sourceHandle: 'video', target: out, targetHandle: 'in' }).ok).toBe(true);
    expect(s().edges.map((e) => `${e.source}>${e.target}`)).toEqual([`${img}>${i2v}`, `${i2v}>${out}`]);
    // Dropping it back where it already is, in a list port at its maximum, is not "already connected".
    const moved = s().edges[1].id;
    expect(s().reconnect(moved, { source: i2v, sourceHandle: 'video', target: out, targetHandle: 'in' }).ok).toBe(true);
    const bad = s().reconnect(s().edges[1].id, {
      source: img,
      sourceHandle: 'image',
      target: swap,
      targetHandle: 'video',
    });
    expect(!bad.ok && bad.reason).toMatch(/takes video/);
    s().disconnect([s().edges[0].id]);
    expect(s().edges).toHaveLength(1);
    s().undo();
    expect(s().edges).toHaveLength(2);
  });

  it('adds a node wired to a dragged wire end, in one undo step, from an output or an input', () => {
    const { s, img, swap } = pipeline();
    const i2v = s().addNodeWired(
      'pika-22-image-to-video',
      { x: 300, y: 300 },
      {
        nodeId: img,
        handleId: 'image',
        handleType: 'source',
      },
    );
    expect(s().edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle])).toEqual([
      [img, 'image', i2v, 'image'],
    ]);
    const frame = s().addNodeWired(
      'extract-frame',
      { x: 0, y: 300 },
      { nodeId: swap, handleId: 'image', handleType: 'target' },
    );
    expect(s().edges.at(-1)).toMatchObject({
      source: frame,
      sourceHandle: 'image',
      target: swap,
      targetHandle: 'image',
    });
    const count = s().nodes.length;
    s().undo();
    expect([s().nodes.length, s().edges.length]).toEqual([count - 1, 1]);
  });

  it('offers node types that take (or give) the dragged kind', () => {
    const takesImage = defsForEnd(NODE_DEFS, 'image', 'source').map((d) => d.type);
    expect(takesImage).toContain('pika-22-image-to-video');
    expect(takesImage).toContain('output');
    expect(takesImage).not.toContain('pika-22-text-to-video');
    const givesVideo = defsForEnd(NODE_DEFS, 'video', 'target').map((d) => d.type);
    expect(givesVideo).toContain('pika-pikaswaps');
    expect(givesVideo).not.toContain('image');
    expect(defsForEnd(NODE_DEFS, 'any', 'target').map((d) => d.type)).toContain('image');
  });
});
