import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { parseGraphJson, sameWork } from '../../client/store/graph-doc.ts';

describe('undo / redo', () => {
  it('undoes and redoes adds, connections, param edits and deletes', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const p = s().addNode('prompt', { x: 0, y: 0 });
    const t2v = s().addNode('pika-turbo-text-to-video', { x: 300, y: 0 });
    s().connect({ source: p, sourceHandle: 'text', target: t2v, targetHandle: 'prompt' });
    s().setParams(p, { text: 'a' });
    s().setParams(p, { text: 'a cat' }); // same field: one undo step
    expect(s().nodes[0].data.params.text).toBe('a cat');
    s().undo();
    expect(s().nodes[0].data.params.text).toBe('');
    s().undo();
    expect(s().edges).toHaveLength(0);
    s().redo();
    s().redo();
    expect(s().edges).toHaveLength(1);
    expect(s().nodes[0].data.params.text).toBe('a cat');
    s().selectOnly(p);
    s().deleteSelected();
    expect(s().nodes.map((n) => n.id)).toEqual([t2v]);
    expect(s().edges).toHaveLength(0); // no dangling edge
    s().undo();
    expect(s().nodes).toHaveLength(2);
    expect(s().edges).toHaveLength(1);
  });

  it('records a drag once, at its start', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const id = s().addNode('prompt', { x: 0, y: 0 });
    const before = s().history.past.length;
    s().onNodesChange([{ type: 'position', id, position: { x: 10, y: 0 }, dragging: true }]);
    store.setState({ nodes: s().nodes.map((n) => ({ ...n, dragging: true })) });
    s().onNodesChange([{ type: 'position', id, position: { x: 20, y: 0 }, dragging: true }]);
    s().onNodesChange([{ type: 'position', id, position: { x: 30, y: 0 }, dragging: true }]);
    expect(s().history.past.length).toBe(before + 1);
    s().undo();
    expect(s().nodes[0].position).toEqual({ x: 0, y: 0 });
  });
});

describe('copy / paste / duplicate', () => {
  it('copies selected nodes with the edges between them only', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const a = s().addNode('prompt', { x: 0, y: 0 });
    const b = s().addNode('pika-turbo-text-to-video', { x: 300, y: 0 });
    const c = s().addNode('output', { x: 600, y: 0 });
    s().connect({ source: a, sourceHandle: 'text', target: b, targetHandle: 'prompt' });
    s().connect({ source: b, sourceHandle: 'video', target: c, targetHandle: 'in' });
    store.setState({ nodes: s().nodes.map((n) => ({ ...n, selected: n.id !== c })) });
    s().copy();
    s().paste();
    expect(s().nodes).toHaveLength(5);
    expect(s().edges).toHaveLength(3);
    const pasted = s().nodes.filter((n) => n.selected);
    expect(pasted.map((n) => n.type)).toEqual(['prompt', 'pika-turbo-text-to-video']);
    const inner = s().edges.at(-1)!;
    expect(new Set([inner.source, inner.target])).toEqual(new Set(pasted.map((n) => n.id)));
    // The pasted group keeps its own layout and lands clear of every node it was copied from.
    expect(pasted[1].position.x - pasted[0].position.x).toBe(300);
    expect(pasted[1].position.y - pasted[0].position.y).toBe(0);
    const originals = s().nodes.filter((n) => !n.selected);
    for (const p of pasted)
      for (const o of originals)
        expect(Math.abs(p.position.x - o.position.x) >= 240 || Math.abs(p.position.y - o.position.y) >= 140).toBe(true);
    s().duplicate();
    expect(s().nodes).toHaveLength(7);
    s().undo();
    s().undo();
    expect(s().nodes).toHaveLength(3);
  });

  it('round-trips the graph format and explains a bad import', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const a = s().addNode('image', { x: 5, y: 6 }, { url: 'https://x.test/a.png' });
    const b = s().addNode('pika-pikaffects', { x: 300, y: 0 });
    s().connect({ source: a, sourceHandle: 'image', target: b, targetHandle: 'image' });
    const json = JSON.stringify(s().graph());
    const parsed = parseGraphJson(json);
    if (!('graph' in parsed)) throw new Error(parsed.error);
    const other = createEditorStore();
    other.getState().load(parsed.graph, { name: 'x' });
    expect(JSON.stringify(other.getState().graph())).toBe(json.replace('"Untitled pipeline"', '"x"'));
    expect(parseGraphJson('{"version":2}')).toMatchObject({ error: expect.stringMatching(/Not a pikaflow graph/) });
    expect(parseGraphJson('nope')).toEqual({ error: 'This file is not valid JSON' });
  });
});

describe('a load is one undo step with the document name and template link', () => {
  const starter = () => {
    const other = createEditorStore();
    other.getState().addNode('prompt', { x: 0, y: 0 });
    other.getState().addNode('output', { x: 300, y: 0 });
    return other.getState().graph();
  };

  it('undo brings back the previous graph, its name and template; redo re-applies; save files it rightly', () => {
    const store = createEditorStore({ template: { id: 'fox', name: 'Fox swap', version: 3 } });
    const s = () => store.getState();
    s().addNode('image', { x: 0, y: 0 });
    s().load(starter(), { name: 'Turbo starter' }, { dirty: true });
    expect(s().nodes.map((n) => n.type)).toEqual(['prompt', 'output']);
    expect(s().template).toEqual({ name: 'Turbo starter' });
    s().undo();
    expect(s().nodes.map((n) => n.type)).toEqual(['image']);
    expect(s().template).toEqual({ id: 'fox', name: 'Fox swap', version: 3 });
    expect(s().graph().name).toBe('Fox swap');
    s().redo();
    expect(s().template).toEqual({ name: 'Turbo starter' });
    expect(s().nodes).toHaveLength(2);
    s().undo();
    // Saving now saves the fox graph as the next version of its own template, and undo keeps that version.
    s().markSaved({ id: 'fox', name: 'Fox swap', version: 4 });
    s().undo();
    expect(s().nodes).toHaveLength(0);
    expect(s().template).toEqual({ id: 'fox', name: 'Fox swap', version: 4 });
  });

  it('keeps the id a first save gave across undo, and leaves another document its own link', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    s().load(starter(), { name: 'Turbo starter' }, { dirty: true });
    s().addNode('trim', { x: 0, y: 200 });
    s().relink({ ...s().template, name: 'My turbo' }, true); // typed in the name field
    s().markSaved({ id: 't1', name: 'My turbo', version: 1 });
    s().undo(); // the trim
    expect(s().template).toEqual({ id: 't1', name: 'My turbo', version: 1 });
    s().undo(); // the load: back to the untitled empty canvas, which was never saved
    expect(s().template).toEqual({ name: 'Untitled pipeline' });
    s().redo();
    s().redo();
    expect(s().template).toEqual({ id: 't1', name: 'My turbo', version: 1 });
    expect(s().nodes).toHaveLength(3);
  });

  it('asks before a load replaces unsaved work, never for an empty, saved or just-opened canvas', async () => {
    const { openOrAsk } = await import('../../client/open-guard.ts');
    const { useUi } = await import('../../client/ui-store.ts');
    const store = createEditorStore();
    const s = () => store.getState();
    let opened = 0;
    const pending = { what: 'the starter', nodeCount: 2, open: () => void opened++ };
    openOrAsk(store, pending); // empty canvas
    expect([opened, useUi.getState().dialog]).toEqual([1, null]);
    s().load(starter(), { name: 'Turbo starter' }, { dirty: true });
    openOrAsk(store, pending); // opened and not touched: nothing of the designer's to lose
    expect([opened, useUi.getState().dialog]).toEqual([2, null]);
    s().relink({ ...s().template, name: 'My turbo' }, true); // a name typed is work too
    openOrAsk(store, pending);
    expect([opened, useUi.getState().dialog, useUi.getState().pendingOpen]).toEqual([2, 'replace', pending]);
    useUi.getState().set({ dialog: null, pendingOpen: null });
    s().load(starter(), { name: 'Turbo starter' }, { dirty: true });
    s().addNode('trim', { x: 0, y: 200 });
    openOrAsk(store, pending);
    expect([opened, useUi.getState().dialog]).toEqual([2, 'replace']);
    useUi.getState().set({ dialog: null, pendingOpen: null });
    s().markSaved({ id: 't1', name: 'Turbo', version: 1 });
    openOrAsk(store, pending); // saved
    expect([opened, useUi.getState().dialog]).toEqual([3, null]);
  });
});

describe('sameWork', () => {
  it('ignores where nodes stand and what they are called, not their params or wires', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const p = s().addNode('prompt', { x: 0, y: 0 }, { text: 'a fox' });
    const t2v = s().addNode('pika-turbo-text-to-video', { x: 300, y: 0 });
    s().connect({ source: p, sourceHandle: 'text', target: t2v, targetHandle: 'prompt' });
    const ran = s().graph();
    s().setPositions({ [p]: { x: 50, y: 90 } });
    s().setLabel(p, 'Opening line');
    expect(sameWork(s().graph(), ran)).toBe(true);
    s().setParams(p, { text: 'a hare' });
    expect(sameWork(s().graph(), ran)).toBe(false);
    s().undo();
    s().selectOnly(null);
    store.setState({ edges: [] });
    expect(sameWork(s().graph(), ran)).toBe(false);
  });
});
