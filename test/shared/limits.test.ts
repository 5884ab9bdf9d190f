import { describe, expect, it } from 'vitest';
import { coerceCsvRow, expandGrid, gridSize, parseBatchRows } from '../../shared/batch.ts';
import { GraphSchema, MAX_PARAM_DEPTH, MAX_TEMPLATE_INPUTS, type GraphInput } from '../../shared/graph.ts';
import { PROMPT_MAX_CHARS } from '../../shared/nodes/fields.ts';
import { applyTemplateInputs, templateInputSchema } from '../../shared/template-inputs.ts';
import { validateGraph } from '../../shared/validate.ts';
import { webhookProblems } from '../../server/engine/prepare-run.ts';
import { nested } from '../reliability/fuzz-cases.ts';

/** Issue 11, part 1: every limit is known before work is done, and a problem is reported once, where it is. */

const t2v = (params: Record<string, unknown>) => ({
  id: 't',
  type: 'pika-turbo-text-to-video',
  position: { x: 0, y: 0 },
  data: { params },
});
const template = () =>
  GraphSchema.parse({
    version: 1,
    nodes: [{ id: 'p', type: 'prompt', data: { params: { text: 'a fish' } } }, t2v({ seed: 1 })],
    edges: [{ id: 'e', source: 'p', sourceHandle: 'text', target: 't', targetHandle: 'prompt' }],
    inputs: [
      { name: 'idea', node: 'p', param: 'text' },
      { name: 'seed', node: 't', param: 'seed' },
    ],
  } satisfies GraphInput);

describe('grid size', () => {
  it('is the product of the axis lengths, known without building an item', () => {
    const axis = Array.from({ length: 100 }, (_, i) => i);
    const grid = { a: axis, b: axis, c: axis, d: axis };
    expect(gridSize(grid)).toBe(100_000_000);
    expect(() => expandGrid(grid)).toThrow(/100,000,000 rows \(100 × 100 × 100 × 100\); the limit is 1000/);
    expect(expandGrid({ a: axis, b: axis.slice(0, 10) })).toHaveLength(1000);
  });
});

describe('CSV batches', () => {
  it('a quoted prompt may span lines, hold commas and quotes', () => {
    const rows = parseBatchRows('idea,seed\n"A boat,\nat ""dusk""",7\n\n"plain",8\n');
    expect(rows).toEqual([
      { idea: 'A boat,\nat "dusk"', seed: '7' },
      { idea: 'plain', seed: '8' },
    ]);
  });

  it('cells are coerced by the input schema: "1984" is text for a text input and a number for a seed', () => {
    const shape = templateInputSchema(template()).shape;
    const [row] = parseBatchRows('idea,seed,extra\n1984,1984,1984');
    const coerced = coerceCsvRow(row, (name) => shape[name] as never);
    expect(coerced).toEqual({ idea: '1984', seed: 1984, extra: '1984' });
    // An unknown column is refused by name when applied, not silently dropped.
    expect(applyTemplateInputs(template(), coerced).errors[0]).toMatchObject({ input: 'extra' });
    // An empty cell leaves the template's value; a wrong one stays as typed so the error shows it.
    expect(coerceCsvRow({ seed: '', idea: '' }, (name) => shape[name] as never)).toEqual({});
    expect(coerceCsvRow({ seed: 'seven' }, (name) => shape[name] as never)).toEqual({ seed: 'seven' });
  });

  it('an unterminated quote names its row', () => {
    expect(() => parseBatchRows('idea\n"open')).toThrow(/CSV row 2/);
  });
});

describe('graph bounds', () => {
  const base = { version: 1, nodes: [t2v({ prompt: 'x' })], edges: [] };

  it(`refuses more than ${MAX_TEMPLATE_INPUTS} template inputs, naming inputs`, () => {
    const inputs = Array.from({ length: 40_000 }, (_, i) => ({ name: `i${i}`, node: 't', param: 'seed' }));
    const parsed = GraphSchema.safeParse({ ...base, inputs });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['inputs'],
      message: expect.stringMatching(/at most 100 inputs/),
    });
  });

  it('refuses params nested too deep or too large, naming the param', () => {
    const deep = GraphSchema.safeParse({ ...base, nodes: [t2v({ prompt: 'x', style: nested(4_100) })] });
    expect(deep.error?.issues[0]).toMatchObject({
      path: ['nodes', 0, 'data', 'params', 'style'],
      message: expect.stringMatching(/deeper than 16/),
    });
    expect(
      GraphSchema.safeParse({ ...base, nodes: [t2v({ prompt: 'x', style: nested(MAX_PARAM_DEPTH - 1) })] }).success,
    ).toBe(true);
    const big = GraphSchema.safeParse({
      ...base,
      nodes: [t2v({ prompt: 'x', a: 'y'.repeat(600_000), b: 'y'.repeat(600_000) })],
    });
    expect(big.error?.issues[0]).toMatchObject({
      path: ['nodes', 0, 'data', 'params', 'b'],
      message: expect.stringMatching(/over 1,000,000 characters/),
    });
  });
});

describe('validation reports only real problems', () => {
  it('a typed prompt with a bad aspect ratio reports the aspect ratio alone', () => {
    const problems = validateGraph({ nodes: [t2v({ prompt: 'a cat', aspect_ratio: '7:3' })], edges: [] });
    expect(problems.map((p) => [p.code, p.field])).toEqual([['invalid-param', 'aspect_ratio']]);
  });

  it(`a typed prompt over ${PROMPT_MAX_CHARS} characters is one problem on the prompt, not "missing"`, () => {
    const problems = validateGraph({ nodes: [t2v({ prompt: 'x'.repeat(PROMPT_MAX_CHARS + 1) })], edges: [] });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'invalid-param',
        field: 'prompt',
        message: expect.stringMatching(/at most 1,500 characters/),
      }),
    ]);
    expect(validateGraph({ nodes: [t2v({ prompt: 'x'.repeat(PROMPT_MAX_CHARS) })], edges: [] })).toEqual([]);
  });

  it('a connected Prompt node whose text is over the cap is reported on the prompt, naming where it comes from', () => {
    const g = template();
    g.nodes[0].data.params.text = 'x'.repeat(PROMPT_MAX_CHARS + 1);
    expect(validateGraph(g)).toEqual([
      expect.objectContaining({
        nodeId: 't',
        port: 'prompt',
        field: 'prompt',
        message: expect.stringMatching(/at most 1,500 characters \(from "p"\)/),
      }),
    ]);
    // A template input or batch row is checked the same way, before any run.
    const long = applyTemplateInputs(template(), { idea: 'y'.repeat(PROMPT_MAX_CHARS + 1) });
    expect(validateGraph(long.graph)).toHaveLength(1);
  });

  it('a missing prompt is still reported when another field is bad too', () => {
    const problems = validateGraph({ nodes: [t2v({ aspect_ratio: '7:3' })], edges: [] });
    expect(problems.map((p) => p.field).sort()).toEqual(['aspect_ratio', 'prompt']);
  });
});

describe('run webhooks', () => {
  it.each([
    'http://127.0.0.1:9/h',
    'http://localhost:9/h',
    'http://LOCALHOST./h',
    'http://[::1]/h',
    'http://[::ffff:127.0.0.1]/h',
    'http://10.1.2.3/h',
    'http://192.168.0.4/h',
    'http://169.254.169.254/latest',
    'http://2130706433/h',
    'http://0x7f.1/h',
    'http://0/h',
  ])('%s is refused naming webhook', (url) => {
    expect(webhookProblems(url)).toEqual([
      expect.objectContaining({ field: 'webhook', message: expect.stringMatching(/^webhook: .*private/) }),
    ]);
  });

  it('a public address passes, and so does a private origin the server trusts', () => {
    expect(webhookProblems('https://example.com/hook')).toEqual([]);
    expect(webhookProblems('http://8.8.8.8/hook')).toEqual([]);
    expect(webhookProblems('http://127.0.0.1:4000/hook', ['http://127.0.0.1:4000'])).toEqual([]);
    expect(webhookProblems('ftp://example.com/x')[0].message).toMatch(/only http\(s\)/);
  });
});
