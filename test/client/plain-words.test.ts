import { describe, expect, it } from 'vitest';
import { cellValues, gridSource } from '../../client/app-page/batch-source.ts';
import { problemDetail, problemText } from '../../client/run/node-names.ts';
import { plainError, plainMessage, SERVER_UNREACHABLE } from '../../client/run/plain-error.ts';
import type { FlowNode } from '../../client/store/types.ts';
import type { TemplateInputField } from '../../shared/template-inputs.ts';
import { validateGraph } from '../../shared/validate.ts';

/** What a designer reads: problems and failures in plain words, nodes by the name the canvas shows. */

const node = (id: string, type: string, params: Record<string, unknown>, label?: string): FlowNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { params, ...(label ? { label } : {}) },
});

/** The editor's problem list for these nodes (no wires): shared validation, then named as the canvas names nodes. */
const problemsOf = (nodes: FlowNode[]) =>
  validateGraph({
    nodes: nodes.map((n) => ({ id: n.id, type: n.type!, position: n.position, data: n.data })),
    edges: [],
  }).map((p) => ({ ...p, text: problemText(p, nodes) }));

describe('validation problems in plain words', () => {
  it('says the rule with the field title and its unit, led by the node title, never zod text or the id', () => {
    const nodes = [node('concatenate-x1', 'concatenate', { crossfade: 5 }), node('trim-rzc7y', 'trim', { start: 'x' })];
    const texts = problemsOf(nodes).map((p) => p.text);
    expect(texts).toContain('Concatenate: cross-fade can be at most 3 s');
    expect(texts).toContain('Trim: start must be a number');
    expect(texts).toContain('Trim: connect Video');
    expect(texts.join(' ')).not.toMatch(/Too big|Invalid input|<=|rzc7y|x1/);
  });

  it('names whole numbers, choices and a schema’s own message plainly', () => {
    const i2v = node('i2v', 'pika-22-image-to-video', { seed: 1.5, duration: 7, prompt: 'p'.repeat(1600) });
    const byField = Object.fromEntries(problemsOf([i2v]).map((p) => [p.field ?? p.code, p.text]));
    expect(byField.seed).toBe('Image → Video 2.2: seed must be a whole number');
    expect(byField.duration).toBe('Image → Video 2.2: duration must be 5 or 10');
    expect(byField.prompt).toBe('Image → Video 2.2: prompt: at most 1,500 characters');
  });

  it('uses the node’s label when it has one, and the inspector shows the rest under the field', () => {
    const cut = node('cat', 'concatenate', { crossfade: -1 }, 'Final cut');
    const p = problemsOf([cut]).find((q) => q.field === 'crossfade')!;
    expect(p.text).toBe('Final cut: cross-fade must be at least 0 s');
    expect(problemDetail(p.text, cut)).toBe('Cross-fade must be at least 0 s');
    const missing = problemsOf([cut]).find((q) => q.code === 'missing-input')!;
    expect(missing.text).toBe('Final cut: connect Videos');
  });

  it('names every node of a loop or a wrong wire by name', () => {
    const a = node('a', 'trim', {}, 'First trim');
    const b = node('b', 'trim', {}, 'Second trim');
    const problems = validateGraph({
      nodes: [a, b].map((n) => ({ id: n.id, type: n.type!, position: n.position, data: n.data })),
      edges: [
        { id: 'ab', source: 'a', sourceHandle: 'video', target: 'b', targetHandle: 'video' },
        { id: 'ba', source: 'b', sourceHandle: 'video', target: 'a', targetHandle: 'video' },
      ],
    });
    const loop = problems.find((p) => p.code === 'cycle')!;
    expect(problemText(loop, [a, b])).toMatch(/These nodes form a loop: “(First|Second) trim” → “(First|Second) trim”/);
  });
});

describe('network failures say what happened and what to do', () => {
  it('a node whose engine call failed on the network', () => {
    expect(plainError('fetch failed', 'fal')).toMatch(/connection failed.*Check the internet connection/);
    expect(plainError('getaddrinfo ENOTFOUND queue.fal.run', 'fal')).toMatch(/Check the internet connection/);
    expect(plainError('fetch failed', 'local')).toMatch(/Could not reach the preview engine/);
    expect(plainError('Prompt flagged by the safety filter', 'fal')).toBe('Prompt flagged by the safety filter');
  });

  it('a request from the page that never reached the pikaflow server', () => {
    expect(plainMessage('TypeError: Failed to fetch')).toBe(SERVER_UNREACHABLE);
    expect(plainMessage('Cannot run: Failed to fetch')).toBe(`Cannot run: ${SERVER_UNREACHABLE}`);
    expect(plainMessage('Cannot re-roll: The pikaflow server cannot be reached. Is it running?')).toBe(
      `Cannot re-roll: ${SERVER_UNREACHABLE}`,
    );
    expect(SERVER_UNREACHABLE).toMatch(/^Can't reach the pikaflow server — is it running\?/);
    expect(plainMessage('Saved as “Boat app”')).toBe('Saved as “Boat app”');
  });
});

describe('batch grid values', () => {
  const field = (name: string, schema: Record<string, unknown>): TemplateInputField => ({
    name,
    label: name,
    node: 'n',
    param: name,
    schema,
    default: undefined,
  });
  const scene = field('scene', { type: 'string' });
  const seed = field('seed', { type: 'integer' });
  const ratio = field('ratio', { type: 'string', enum: ['16:9', '1:1'] });

  it('takes free text one value per line, so a prompt with commas stays one run', () => {
    expect(cellValues(scene, 'a fox, running in the rain\n\n an owl, at dawn \r\n')).toEqual([
      'a fox, running in the rain',
      'an owl, at dawn',
    ]);
  });

  it('still splits numbers and choices on commas or lines, as numbers where the schema says so', () => {
    expect(cellValues(seed, '7, 8\n9')).toEqual([7, 8, 9]);
    expect(cellValues(ratio, '16:9,1:1')).toEqual(['16:9', '1:1']);
    expect(gridSource([scene, seed], { scene: 'a, b', seed: '1,2' })).toEqual({
      grid: { scene: ['a, b'], seed: [1, 2] },
    });
  });
});
