import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary, StoredGraph } from '../../shared/api.ts';
import { graph, harness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

/** A prompt only: nothing to generate, so a run finishes at once and costs nothing. */
const doc = (text: string) => graph([['p', 'prompt', { text }]], []);
const startRun = async (body: Record<string, unknown>) =>
  (await h.api<{ id: string }>('/api/runs', { json: body })).body.id;
const runsOf = async (graphId: string) =>
  (await h.api<RunSummary[]>(`/api/runs?graphId=${graphId}`)).body.map((r) => r.id).sort();
const templateCount = async () => (await h.api<StoredGraph[]>('/api/graphs')).body.length;

describe('a new template adopts the runs made of it while it was unsaved', () => {
  it("takes runs with no template, refuses the whole save naming another template's run", async () => {
    const first = await startRun({ graph: doc('adopt one') });
    const second = await startRun({ graph: doc('adopt two') });
    const other = await h.api<StoredGraph>('/api/graphs', { json: { name: 'Other', graph: doc('other') } });
    const othersRun = await startRun({ graph: doc('other'), graphId: other.body.id });
    const before = await templateCount();

    const refused = await h.api<{ error: string; problems: { field: string; message: string }[] }>('/api/graphs', {
      json: { name: 'Thief', graph: doc('adopt one'), adoptRuns: [first, othersRun] },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain(othersRun);
    expect(refused.body.error).not.toContain(first);
    expect(refused.body.problems).toEqual([expect.objectContaining({ field: 'adoptRuns' })]);
    // Nothing was saved: no template, and the unsaved run is still free.
    expect(await templateCount()).toBe(before);
    expect(await runsOf(other.body.id)).toEqual([othersRun]);

    const unknown = await h.api<{ error: string }>('/api/graphs', {
      json: { name: 'Ghost', graph: doc('x'), adoptRuns: ['no-such-run'] },
    });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error).toContain('no-such-run');

    const saved = await h.api<StoredGraph>('/api/graphs', {
      json: { name: 'Adopter', graph: doc('adopt one'), adoptRuns: [first, second] },
    });
    expect(saved.status).toBe(201);
    expect(await runsOf(saved.body.id)).toEqual([first, second].sort());
    // Once adopted, a run is that template's: a later new template cannot take it.
    const again = await h.api('/api/graphs', { json: { name: 'Late', graph: doc('x'), adoptRuns: [second] } });
    expect(again.status).toBe(409);
    expect(await runsOf(saved.body.id)).toEqual([first, second].sort());
  });
});
