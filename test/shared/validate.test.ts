import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GraphSchema } from '../../shared/graph.ts';
import { validateGraph } from '../../shared/validate.ts';

const load = (path: string) => GraphSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
const valid = readdirSync('examples').filter((f) => f.endsWith('.json'));
const invalid = readdirSync('examples/invalid').filter((f) => f.endsWith('.json'));

describe('example graphs', () => {
  it.each(valid)('%s is valid', (file) => {
    expect(validateGraph(load(`examples/${file}`))).toEqual([]);
  });

  // File name = the problem code it must produce (`code--variant.json`).
  it.each(invalid)('invalid/%s reports its problem, naming a node or edge', (file) => {
    const code = file.replace(/(--.*)?\.json$/, '');
    const problems = validateGraph(load(`examples/invalid/${file}`));
    const hit = problems.find((p) => p.code === code);
    expect(hit, JSON.stringify(problems)).toBeDefined();
    expect(hit!.nodeId ?? hit!.edgeId).toBeTruthy();
    expect(hit!.message.length).toBeGreaterThan(10);
  });
});

describe('problem details', () => {
  const problems = (file: string) => validateGraph(load(`examples/invalid/${file}.json`));

  it('names the bad fields of params', () => {
    const fields = problems('invalid-param').map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['aspect_ratio', 'duration']));
  });

  it('a Collection → Video saved with a duration pikascenes does not take still opens, and says which field to fix', () => {
    // Saved (format 1) when the node took any whole number of seconds from 1 to 10.
    const node = (id: string, type: string, params: object) => ({
      id,
      type,
      position: { x: 0, y: 0 },
      data: { params },
    });
    const edge = (source: string, sourceHandle: string, targetHandle: string) => ({
      id: `${source}-${targetHandle}`,
      source,
      sourceHandle,
      target: 'scenes',
      targetHandle,
    });
    const graph = GraphSchema.parse({
      version: 1,
      name: 'Old collection',
      nodes: [
        node('img', 'image', { url: 'https://cdn.example.com/a.png' }),
        node('p', 'prompt', { text: 'a kitchen table at dawn' }),
        node('scenes', 'pika-collection-to-video', { duration: 7 }),
      ],
      edges: [edge('img', 'image', 'images'), edge('p', 'text', 'prompt')],
    });
    expect(graph.nodes.find((n) => n.id === 'scenes')!.data.params).toEqual({ duration: 7 }); // kept, not rounded
    expect(validateGraph(graph)).toEqual([
      {
        code: 'invalid-param',
        nodeId: 'scenes',
        field: 'duration',
        message: 'Collection → Video: duration must be 5 or 10',
      },
    ]);
    const fixed = {
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === 'scenes' ? { ...n, data: { params: { duration: 10 } } } : n)),
    };
    expect(validateGraph(fixed)).toEqual([]);
  });

  it('names every node of a cycle', () => {
    const cycle = problems('cycle').find((p) => p.code === 'cycle')!;
    expect(cycle.nodes).toEqual(['a', 'b', 'c']);
    expect(cycle.message).toContain('"b"');
  });

  it('names the port of a missing input and a wrong kind', () => {
    expect(problems('missing-input')[0]).toMatchObject({ nodeId: 'i2v', port: 'image' });
    const mismatch = problems('kind-mismatch').find((p) => p.code === 'kind-mismatch')!;
    expect(mismatch).toMatchObject({ nodeId: 'i2v', port: 'image' });
    expect(mismatch.message).toMatch(/takes image.*gives text/);
  });

  it('checks keyframe rules: 2–5 images, transitions = images − 1, total ≤ 25 s', () => {
    expect(problems('too-few-edges')[0].message).toMatch(/needs 2–5/);
    expect(problems('too-many-edges--keyframes').find((p) => p.code === 'too-many-edges')!.message).toMatch(
      /at most 5/,
    );
    expect(problems('transitions-count').find((p) => p.code === 'transitions-count')!.message).toMatch(
      /need 2 transitions/,
    );
    expect(problems('duration-total').find((p) => p.code === 'duration-total')!.message).toMatch(/30 s/);
  });

  it('accepts a typed-in prompt instead of a connected one, and refuses neither', () => {
    const node = (prompt: string) => ({
      id: 't',
      type: 'pika-turbo-text-to-video',
      position: { x: 0, y: 0 },
      data: { params: { prompt } },
    });
    expect(validateGraph({ nodes: [node('a cat')], edges: [] })).toEqual([]);
    expect(validateGraph({ nodes: [node('')], edges: [] })[0]).toMatchObject({
      code: 'missing-input',
      field: 'prompt',
    });
  });

  it('reports every problem at once, not just the first', () => {
    const g = load('examples/invalid/kind-mismatch.json');
    g.nodes.push({ id: 'x', type: 'nope', position: { x: 0, y: 0 }, data: { params: {} } });
    const codes = validateGraph(g).map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['kind-mismatch', 'unknown-type']));
  });
});
