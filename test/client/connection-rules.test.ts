import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../../client/store/editor-store.ts';

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

  it('refuses a second edge into a single port and a cycle', () => {
    const { s, img, i2v, swap } = pipeline();
    const img2 = s().addNode('image', { x: 0, y: 200 });
    s().connect({ source: img, sourceHandle: 'image', target: i2v, targetHandle: 'image' });
    const full = s().connect({ source: img2, sourceHandle: 'image', target: i2v, targetHandle: 'image' });
    expect(!full.ok && full.reason).toMatch(/one connection/);
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
});
