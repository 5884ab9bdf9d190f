import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail, StoredGraph } from '../../shared/api.ts';
import type { BatchDetail, BatchPlan } from '../../shared/batch-api.ts';
import { graph, harness, waitRun, type Harness } from '../server/helpers.ts';
import { saveIdeaSeedTemplate } from '../server/idea-seed-template.ts';

/** Batches and concurrent runs pay only for what was not made before (or is not being made right now). */
let h: Harness;
let template: StoredGraph;
const submitted = () => h.fal.counters.acceptedTotal;
const tpl = () => `/api/templates/${template.id}`;
const waitAll = (ids: string[]) => Promise.all(ids.map((id) => waitRun(h.server.url, id)));
/** Every run the server has stored, by id. */
const storedRuns = () =>
  h.server.store.runs
    .list({ limit: 1_000_000 })
    .map((r) => r.id)
    .sort();

beforeAll(async () => {
  // Budgets and costs are about money: the engine plays fal (a key is set), so runs are paid.
  h = await harness({ paid: true });
  template = await saveIdeaSeedTemplate(h, 'Fish', { duration: 2 });
});
afterAll(async () => h?.close());

describe('batches', () => {
  it('a 12-item batch with 4 items already cached previews 8 submissions and submits exactly 8', async () => {
    const warm = await h.api<BatchDetail>(`${tpl()}/batches`, { json: { grid: { seed: [101, 102, 103, 104] } } });
    expect(warm.status, JSON.stringify(warm.body)).toBe(201);
    await waitAll(warm.body.runs.map((r) => r.runId));

    const rows = { grid: { seed: Array.from({ length: 12 }, (_, i) => 101 + i) } };
    const preview = await h.api<BatchPlan>(`${tpl()}/batches/preview`, { json: rows });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ count: 12, cachedItems: 4, submissions: 8 });
    expect(preview.body.total).toBeCloseTo(8 * 0.2, 5);

    const before = submitted();
    const batch = await h.api<BatchDetail>(`${tpl()}/batches`, { json: rows });
    expect(batch.status).toBe(201);
    const runs = await waitAll(batch.body.runs.map((r) => r.runId));
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
    expect(submitted() - before).toBe(8);
    expect(runs.filter((r) => r.nodes.t.state === 'cached').length).toBe(4);

    const detail = await h.api<BatchDetail>(`${tpl()}/batches/${batch.body.id}`);
    expect(detail.body.runs.map((r) => r.inputs.seed)).toEqual(rows.grid.seed);
    expect(detail.body.runs.every((r) => r.status === 'completed' && r.outputs.out?.endsWith('.mp4'))).toBe(true);
    expect((await h.api<BatchDetail[]>(`${tpl()}/batches`)).body.map((b) => b.id)).toContain(batch.body.id);
  });

  it('identical rows in one batch are made once (the other item waits and takes it from the cache)', async () => {
    const before = submitted();
    const batch = await h.api<BatchDetail>(`${tpl()}/batches`, {
      json: { rows: [{ seed: 777 }, { seed: 777 }, { seed: 777 }] },
    });
    expect(batch.body.plan.submissions).toBe(1);
    const runs = await waitAll(batch.body.runs.map((r) => r.runId));
    expect(submitted() - before).toBe(1);
    expect(runs.map((r) => r.nodes.t.state).sort()).toEqual(['cached', 'cached', 'done']);
    expect(new Set(runs.map((r) => r.nodes.t.outputs?.video)).size).toBe(1);
  });

  it('the budget cap refuses an over-budget batch with 400 before any submission', async () => {
    const before = submitted();
    const listed = (await h.api<BatchDetail[]>(`${tpl()}/batches`)).body.length;
    const runsBefore = storedRuns();
    const res = await h.api<{ error: string; problems: { field: string }[] }>(`${tpl()}/batches`, {
      json: { grid: { seed: [501, 502, 503] }, budget: 0.5 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/\$0\.60, over the budget of \$0\.50; nothing was run/);
    expect(res.body.problems[0].field).toBe('budget');
    // Nothing to wait for: a run is stored before it starts, so no new stored run means nothing can submit later.
    expect(storedRuns()).toEqual(runsBefore);
    expect(submitted()).toBe(before);
    expect((await h.api<BatchDetail[]>(`${tpl()}/batches`)).body.length).toBe(listed);
    // A template run has the same cap.
    const single = await h.api<{ error: string }>(`${tpl()}/runs`, { json: { inputs: { seed: 504 }, budget: 0.1 } });
    expect(single.status).toBe(400);
    expect(single.body.error).toMatch(/over the budget/);
    expect(storedRuns()).toEqual(runsBefore);
    expect(submitted()).toBe(before);
  });

  it('a bad row is refused naming its row and input', async () => {
    const res = await h.api<{ error: string }>(`${tpl()}/batches`, { json: { rows: [{ seed: 1 }, { seed: 'x' }] } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/Row 2, input "seed"/);
  });
});

describe('concurrent runs', () => {
  it('the same graph started twice at once submits once; the second reports cached', async () => {
    const g = graph(
      [
        ['p', 'prompt', { text: 'twin comets' }],
        ['t', 'pika-turbo-text-to-video', { seed: 9 }],
        ['out', 'output'],
      ],
      [
        ['p.text', 't.prompt'],
        ['t.video', 'out.in'],
      ],
    );
    const before = submitted();
    const [a, b] = await Promise.all([0, 1].map(() => h.api<RunDetail>('/api/runs', { json: { graph: g } })));
    const [ra, rb] = await waitAll([a.body.id, b.body.id]);
    expect([ra.status, rb.status]).toEqual(['completed', 'completed']);
    expect(submitted() - before).toBe(1);
    expect([ra.nodes.t.state, rb.nodes.t.state].sort()).toEqual(['cached', 'done']);
    expect(ra.nodes.t.outputs).toEqual(rb.nodes.t.outputs);
    expect(ra.cost + rb.cost).toBeCloseTo(0.2, 5);
  });

  it('a re-roll does not wait for (or share) the same node in flight elsewhere', async () => {
    const g = graph(
      [
        ['p', 'prompt', { text: 'lone comet' }],
        ['t', 'pika-turbo-text-to-video', { seed: 10 }],
      ],
      [['p.text', 't.prompt']],
    );
    const before = submitted();
    const first = await h.api<RunDetail>('/api/runs', { json: { graph: g } });
    const rerolled = await h.api<RunDetail>(`/api/runs/${first.body.id}/reroll`, { json: { nodeId: 't' } });
    expect(rerolled.status, JSON.stringify(rerolled.body)).toBe(201);
    const [r1, r2] = await waitAll([first.body.id, rerolled.body.id]);
    expect(r1.nodes.t.state).toBe('done');
    expect(r2.nodes.t.state).toBe('done');
    expect(r2.nodes.t.fingerprint).not.toBe(r1.nodes.t.fingerprint);
    expect(submitted() - before).toBe(2);
  });
});
