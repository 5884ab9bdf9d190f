import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandGrid, parseBatchRows } from '../../shared/batch.ts';
import { GraphSchema } from '../../shared/graph.ts';
import { applyTemplateInputs, templateInputs } from '../../shared/template-inputs.ts';
import { validateGraph } from '../../shared/validate.ts';

const story = () => GraphSchema.parse(JSON.parse(readFileSync('examples/story-continuation.json', 'utf8')));

describe('template inputs', () => {
  it('derives fields with the param schema and the graph value as default', () => {
    const { fields, problems } = templateInputs(story());
    expect(problems).toEqual([]);
    expect(fields.map((f) => f.name)).toEqual(['opening', 'continuation']);
    expect(fields[0]).toMatchObject({
      label: 'Opening scene',
      node: 'p',
      param: 'text',
      default: 'A lighthouse on a cliff as a storm rolls in',
    });
    expect(fields[0].schema).toMatchObject({ type: 'string' });
  });

  it('writes values into params and keeps the original untouched', () => {
    const g = story();
    const { graph, errors } = applyTemplateInputs(g, { opening: 'A fox in the snow' });
    expect(errors).toEqual([]);
    expect(graph.nodes.find((n) => n.id === 'p')!.data.params.text).toBe('A fox in the snow');
    expect(graph.nodes.find((n) => n.id === 'p2')!.data.params.text).toBe('Lightning strikes the sea, the lamp flares');
    expect(g.nodes.find((n) => n.id === 'p')!.data.params.text).toBe('A lighthouse on a cliff as a storm rolls in');
    expect(validateGraph(graph)).toEqual([]);
  });

  it('names the input that is wrong or unknown', () => {
    const { errors } = applyTemplateInputs(story(), { opening: 42, endin: 'x' });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ input: 'opening' }),
        expect.objectContaining({ input: 'endin', message: expect.stringContaining('no such input') }),
      ]),
    );
  });

  it('reports inputs that point nowhere', () => {
    const g = story();
    g.inputs.push({ name: 'ghost', node: 'nope', param: 'text' }, { name: 'bad', node: 'p', param: 'colour' });
    expect(templateInputs(g).problems).toEqual([
      'input "ghost" points to missing node "nope"',
      'input "bad": Prompt "p" has no param "colour"',
    ]);
  });
});

describe('batches', () => {
  it('expands a grid as a cartesian product', () => {
    const sets = expandGrid({ seed: [1, 2, 3], aspect: ['16:9', '9:16'] });
    expect(sets).toHaveLength(6);
    expect(sets[0]).toEqual({ seed: 1, aspect: '16:9' });
    expect(sets[5]).toEqual({ seed: 3, aspect: '9:16' });
    expect(() => expandGrid({ seed: [] })).toThrow(/seed/);
  });

  it('parses CSV with quotes (cells stay text until an input schema says otherwise), and JSON arrays', () => {
    expect(parseBatchRows('opening,seed\n"A cat, sleeping",4\n"Say ""hi""",5\n')).toEqual([
      { opening: 'A cat, sleeping', seed: '4' },
      { opening: 'Say "hi"', seed: '5' },
    ]);
    expect(parseBatchRows('[{"opening":"x"}]')).toEqual([{ opening: 'x' }]);
    expect(() => parseBatchRows('a,b\n1')).toThrow(/row 2/);
    expect(() => parseBatchRows('[1,2]')).toThrow(/array of objects/);
  });
});
