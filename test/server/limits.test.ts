import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary, StoredGraph } from '../../shared/api.ts';
import type { BatchPlan } from '../../shared/batch-api.ts';
import { deepParamsBody, jsonWithDeep } from '../reliability/fuzz-cases.ts';
import { graph, harness, type Harness } from './helpers.ts';
import { saveIdeaSeedTemplate } from './idea-seed-template.ts';

/**
 * Issue 11, part 1, over HTTP against a real server: each shape that used to take the server down, hold it for
 * seconds or answer 500 is a 4xx naming what is wrong, before any work — and the server answers the next request.
 */
let h: Harness;
let template: StoredGraph;
const tpl = () => `/api/templates/${template.id}`;
type Refusal = { error: string; problems?: { field?: string; nodeId?: string; code?: string }[] };

beforeAll(async () => {
  h = await harness();
  template = await saveIdeaSeedTemplate(h, 'Limits');
});
afterAll(async () => h?.close());
// The server must keep serving after every refusal.
afterEach(async () => expect((await h.api('/api/config')).status).toBe(200));

const axis = (n: number) => Array.from({ length: n }, (_, i) => i);
const t2v = (params: Record<string, unknown>) => ({ id: 't', type: 'pika-turbo-text-to-video', data: { params } });
/** Posts JSON text as is (a 4,100-deep value cannot go through JSON.stringify). */
const post = async <T>(path: string, text: string) => {
  const res = await fetch(h.server.url + path, {
    method: 'POST',
    body: text,
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as T };
};
const runCount = async () => (await h.api<RunSummary[]>('/api/runs?limit=500')).body.length;

describe('batches are sized before they are built', () => {
  it('a 4 × 100 grid (10⁸ items, 1.2 KB of JSON) is a 400 on preview and on submit', async () => {
    const grid = { idea: axis(100), seed: axis(100), c: axis(100), d: axis(100) };
    for (const path of ['/batches/preview', '/batches']) {
      const res = await h.api<Refusal>(tpl() + path, { json: { grid } });
      expect(res.status, path).toBe(400);
      expect(res.body.error).toMatch(/100,000,000 rows \(100 × 100 × 100 × 100\); the limit is 1000/);
      expect(res.body.problems?.[0]).toMatchObject({ code: 'invalid-batch', field: 'grid' });
    }
    const three = await h.api<Refusal>(`${tpl()}/batches/preview`, {
      json: { grid: { a: axis(100), b: axis(100), c: axis(100) } },
    });
    expect(three.body.error).toMatch(/1,000,000 rows/);
  });

  it('a grid with more axes than a template can have inputs is refused by the body schema', async () => {
    const grid = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, [1]]));
    const res = await h.api<Refusal>(`${tpl()}/batches/preview`, { json: { grid } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/grid: A grid has one axis per input, at most 100/);
  });

  it('a template of many nodes allows fewer items (node runs per batch are capped)', async () => {
    const nodes = Array.from(
      { length: 400 },
      (_, i) => [`p${i}`, 'prompt', { text: `p${i}` }] as [string, string, Record<string, unknown>],
    );
    const big = { ...graph(nodes, []), inputs: [{ name: 'idea', node: 'p0', param: 'text' }] };
    const saved = (await h.api<StoredGraph>('/api/graphs', { json: { name: 'Wide', graph: big } })).body;
    const res = await h.api<Refusal>(`/api/templates/${saved.id}/batches/preview`, {
      json: { grid: { idea: axis(100).map(String), x: axis(2) } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(
      /200 rows \(100 × 2\); the limit is 25 \(each item runs 400 nodes; a batch runs at most 10,000\)/,
    );
    const rows = await h.api<Refusal>(`/api/templates/${saved.id}/batches`, {
      json: { rows: axis(26).map((i) => ({ idea: `r${i}` })) },
    });
    expect(rows.body.error).toMatch(/26 rows; the limit is 25 \(each item/);
  });

  it('CSV: a quoted multi-line prompt parses, and cells are typed by each input ("1984" text vs seed)', async () => {
    const text = 'idea,seed\n"A boat,\nat ""dusk""",7\n1984,1984\n';
    const res = await h.api<BatchPlan>(`${tpl()}/batches/preview`, { json: { text } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((i) => i.inputs)).toEqual([
      { idea: 'A boat,\nat "dusk"', seed: 7 },
      { idea: '1984', seed: 1984 },
    ]);
    const bad = await h.api<Refusal>(`${tpl()}/batches/preview`, { json: { text: 'idea,seed\nfish,seven\n' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/Row 1, input "seed"/);
  });
});

describe('graphs are bounded before anything walks them', () => {
  const routes = ['/api/graphs', '/api/runs', '/api/validate', '/api/estimate'];
  const body = (path: string, g: unknown) => (path === '/api/graphs' ? { name: 'x', graph: g } : { graph: g });

  it('40,000 template inputs (and 20,000 on a 5000-node graph) are a 400 naming inputs', async () => {
    const inputs = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `i${i}`, node: 't', param: 'seed' }));
    const nodes = Array.from({ length: 5000 }, (_, i) => ({
      id: i ? `n${i}` : 't',
      type: 'prompt',
      data: { params: { text: 'x' } },
    }));
    for (const g of [
      { version: 1, nodes: [t2v({ prompt: 'x' })], edges: [], inputs: inputs(40_000) },
      { version: 1, nodes, edges: [], inputs: inputs(20_000) },
    ])
      for (const path of routes) {
        const res = await h.api<Refusal>(path, { json: body(path, g) });
        expect(res.status, path).toBe(400);
        expect(res.body.error, path).toMatch(/graph\.inputs: A template can expose at most 100 inputs/);
      }
  });

  it('a param nested 4,100 levels deep is a 400 naming the node and the param', async () => {
    for (const path of routes) {
      const res = await post<Refusal>(path, deepParamsBody(path, { depth: 4_100, key: 'style' }));
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toBe('node "t": graph.nodes.0.data.params.style: nests deeper than 16 levels');
      expect(res.body.problems?.[0]).toMatchObject({ nodeId: 't', field: 'graph.nodes.0.data.params.style' });
    }
    const input = await post<Refusal>(`${tpl()}/runs`, jsonWithDeep({ inputs: { idea: '__DEEP__' } }, 4_100));
    expect(input.status).toBe(400);
    expect(input.body.error).toMatch(/inputs\.idea: nests deeper than 16 levels/);
  });

  it('a prompt over 1,500 characters is refused naming the prompt, and nothing else', async () => {
    const res = await h.api<{ ok: boolean; problems: { field: string; message: string }[] }>('/api/validate', {
      json: { graph: { version: 1, nodes: [t2v({ prompt: 'x'.repeat(5000) })], edges: [] } },
    });
    expect(res.body.problems).toEqual([
      expect.objectContaining({ field: 'prompt', message: expect.stringMatching(/at most 1,500 characters/) }),
    ]);
    // Through a template input feeding the prompt: refused before any run, naming the row or the input's node.
    const row = await h.api<Refusal>(`${tpl()}/batches/preview`, { json: { rows: [{ idea: 'x'.repeat(1501) }] } });
    expect(row.status).toBe(400);
    expect(row.body.error).toMatch(/^Row 1: .*prompt: at most 1,500 characters \(from "p"\)/);
    const run = await h.api<Refusal>(`${tpl()}/runs`, { json: { inputs: { idea: 'x'.repeat(1501) } } });
    expect(run.status).toBe(400);
  });
});

describe('requests say what is wrong with them', () => {
  it('a valid JSON body sent as text/plain (or with no type) is a 415 naming application/json', async () => {
    const valid = JSON.stringify({ graph: { version: 1, nodes: [t2v({ prompt: 'a cat' })], edges: [] } });
    for (const path of ['/api/runs', '/api/validate', '/api/estimate', `${tpl()}/runs`, `${tpl()}/batches/preview`])
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
        const res = await fetch(h.server.url + path, {
          method: 'POST',
          body: valid,
          headers: type ? { 'content-type': type } : {},
        });
        // fetch labels a string body text/plain when no type is given.
        expect(res.status, `${path} ${type}`).toBe(415);
        expect(((await res.json()) as Refusal).error).toMatch(
          /Content-Type: application\/json \(not (text\/plain|application\/x-www-form-urlencoded)/,
        );
      }
  });

  it('a typed prompt and a bad aspect ratio: only the aspect ratio is reported', async () => {
    const res = await h.api<Refusal & { ok: boolean }>('/api/validate', {
      json: { graph: { version: 1, nodes: [t2v({ prompt: 'a cat', aspect_ratio: '7:3' })], edges: [] } },
    });
    expect(res.body.problems?.map((p) => p.field)).toEqual(['aspect_ratio']);
  });

  it('a run webhook to a private or loopback address is a 400 naming webhook, and no run is made', async () => {
    const before = await runCount();
    const g = { version: 1, nodes: [{ id: 'p', type: 'prompt', data: { params: { text: 'hook' } } }], edges: [] };
    for (const webhook of [
      'http://127.0.0.1:9/hook',
      'http://localhost:9/hook',
      'http://[::1]:9/hook',
      'http://10.0.0.8/hook',
      'http://169.254.169.254/x',
    ]) {
      const answers = [
        await h.api<Refusal>('/api/runs', { json: { graph: g, webhook } }),
        await h.api<Refusal>(`${tpl()}/runs`, { json: { inputs: { seed: 3 }, webhook } }),
        await h.api<Refusal>(`${tpl()}/batches`, { json: { grid: { seed: [1, 2] }, webhook } }),
      ];
      for (const res of answers) {
        expect(res.status, webhook).toBe(400);
        expect(res.body.error).toMatch(/^webhook: .* is a loopback or private address/);
        expect(res.body.problems?.[0].field).toBe('webhook');
      }
    }
    expect(await runCount()).toBe(before);
  });
});
