import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../../client/store/editor-store.ts';
import { suggestName } from '../../client/store/exposed-inputs.ts';
import { templateInputs } from '../../shared/template-inputs.ts';

function pipeline() {
  const store = createEditorStore();
  const s = () => store.getState();
  const p = s().addNode('prompt', { x: 0, y: 0 }, { text: 'a fox' });
  const t2v = s().addNode('pika-turbo-text-to-video', { x: 300, y: 0 });
  s().connect({ source: p, sourceHandle: 'text', target: t2v, targetHandle: 'prompt' });
  return { store, s, p, t2v };
}

describe('exposing template inputs', () => {
  it('stores exposures in graph.inputs, renames in place, and undoes/redoes each as one step', () => {
    const { s, p, t2v } = pipeline();
    s().setExposed(p, 'text', { name: 'prompt', label: 'Prompt' });
    s().setExposed(t2v, 'aspect_ratio', { name: 'aspect' });
    s().setExposed(p, 'text', { name: 'prompt_t', label: 'Prompt' });
    s().setExposed(p, 'text', { name: 'prompt_text', label: 'Prompt' }); // same param again: same undo step
    expect(s().graph().inputs).toEqual([
      { name: 'prompt_text', label: 'Prompt', node: p, param: 'text' },
      { name: 'aspect', node: t2v, param: 'aspect_ratio' },
    ]);
    const { fields, problems } = templateInputs(s().graph());
    expect(problems).toEqual([]);
    expect(fields.map((f) => [f.name, f.default])).toEqual([
      ['prompt_text', 'a fox'],
      ['aspect', '16:9'],
    ]);

    s().undo(); // the rename (typed in two keystrokes, one step)
    expect(s().inputs.map((i) => i.name)).toEqual(['prompt', 'aspect']);
    s().undo();
    expect(s().inputs.map((i) => i.name)).toEqual(['prompt']);
    s().undo();
    expect(s().inputs).toEqual([]);
    s().redo();
    s().redo();
    s().redo();
    expect(s().inputs.map((i) => i.name)).toEqual(['prompt_text', 'aspect']);
    s().setExposed(t2v, 'aspect_ratio', null);
    expect(s().inputs.map((i) => i.name)).toEqual(['prompt_text']);
    s().undo();
    expect(s().inputs.map((i) => i.name)).toEqual(['prompt_text', 'aspect']);
  });

  it('drops the inputs of a deleted node (and undo brings both back); paste does not copy them', () => {
    const { s, p } = pipeline();
    s().setExposed(p, 'text', { name: 'prompt' });
    s().selectOnly(p);
    s().duplicate();
    expect(s().inputs).toHaveLength(1);
    s().selectOnly(p);
    s().deleteSelected();
    expect(s().inputs).toEqual([]);
    s().undo();
    expect(s().inputs).toEqual([{ name: 'prompt', node: p, param: 'text' }]);
  });

  it('round-trips through load, and suggests free names', () => {
    const { s, p } = pipeline();
    s().setExposed(p, 'text', { name: 'text' });
    const other = createEditorStore();
    other.getState().load(s().graph(), { name: 'x' });
    expect(other.getState().graph().inputs).toEqual([{ name: 'text', node: p, param: 'text' }]);
    expect(suggestName(s().inputs, 'text')).toBe('text_2');
    expect(suggestName(s().inputs, 'seed')).toBe('seed');
  });
});
