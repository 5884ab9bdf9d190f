import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { membersOf } from '../../client/store/group-geometry.ts';

/**
 * A wired pair in a group and one node outside it, all selected (wire too) the way a box select does it: React Flow's
 * own changes.
 */
function grouped() {
  const store = createEditorStore();
  const s = () => store.getState();
  const a = s().addNode('prompt', { x: 0, y: 0 });
  const b = s().addNode('pika-turbo-text-to-video', { x: 0, y: 200 });
  s().connect({ source: a, sourceHandle: 'text', target: b, targetHandle: 'prompt' });
  const out = s().addNode('output', { x: 900, y: 0 });
  s().onNodesChange(s().nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: n.id !== out })));
  const g = s().groupSelection()!;
  s().onNodesChange(s().nodes.map((n) => ({ type: 'select' as const, id: n.id, selected: true })));
  s().onEdgesChange(s().edges.map((e) => ({ type: 'select' as const, id: e.id, selected: true })));
  const fold = (collapsed: boolean) => {
    const group = s().nodes.find((n) => n.id === g)!;
    s().setParams(g, { collapsed, members: collapsed ? membersOf(group, s().nodes).map((n) => n.id) : [] });
  };
  const selected = () =>
    s()
      .nodes.filter((n) => n.selected)
      .map((n) => n.id)
      .sort();
  return { s, a, b, out, g, fold, selected };
}

describe('a folded group and the selection', () => {
  it('folding unselects the nodes and wires it hides, so Delete and Ctrl+C act only on what is on screen', () => {
    const { s, a, b, out, g, fold, selected } = grouped();
    expect(selected()).toEqual([a, b, out, g].sort());
    fold(true);
    expect(selected()).toEqual([out, g].sort());
    expect(s().edges.filter((e) => e.selected)).toEqual([]);
    s().copy();
    // The bar copies as a folded group with its members (clipboard.ts), never members on their own.
    expect(
      s()
        .clipboard!.nodes.filter((n) => n.selected)
        .map((n) => n.type),
    ).not.toContain('prompt');
    s().deleteSelected();
    expect(
      s()
        .nodes.map((n) => n.id)
        .sort(),
    ).toEqual([a, b].sort());
    expect(s().edges).toHaveLength(1); // and the hidden wire between them
  });

  it('Ctrl+A selects the bar, not what it hides; undoing an unfold hides and unselects again', () => {
    const { s, a, b, out, g, fold, selected } = grouped();
    fold(true);
    s().selectAll();
    expect(selected()).toEqual([out, g].sort());
    s().selectOnly(a); // shown from a problem inside the fold
    s().setLabel(a, 'Opening line');
    fold(false);
    s().selectAll();
    expect(selected()).toEqual([a, b, out, g].sort());
    s().undo(); // folds again: what it hides was selected before the undo
    expect(selected()).toEqual([]);
  });

  it('a hidden node selected on purpose (a problem shown) stays selected while it is edited', () => {
    const { s, a, fold, selected } = grouped();
    fold(true);
    s().selectOnly(a);
    s().setParams(a, { text: 'typed in the inspector' });
    expect(selected()).toEqual([a]);
  });
});
