import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { parseGraphJson } from '../../client/store/graph-doc.ts';

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
    expect(pasted[0].position).toEqual({ x: 40, y: 40 });
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
