import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_ADOPT_RUNS } from '../../shared/api.ts';
import { createAdopting, noteRun } from '../../client/run/unsaved-runs.ts';
import { createEditorStore } from '../../client/store/editor-store.ts';

/** A long session before the first save: the save takes its newest runs along, never a list the server refuses. */
describe('runs made before the first save', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a first save after more runs than one save may take sends the newest ones, and the save goes through', async () => {
    const store = createEditorStore();
    const asked = store.getState();
    for (let i = 0; i < MAX_ADOPT_RUNS + 100; i++) noteRun(store, `run-${i}`, asked);
    const fetch = vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { adoptRuns?: string[] };
      return (body.adoptRuns?.length ?? 0) > MAX_ADOPT_RUNS
        ? Response.json({ error: 'adoptRuns: too many' }, { status: 400 })
        : Response.json({ id: 'g1', name: 'Long session', version: 1 }, { status: 201 });
    });
    vi.stubGlobal('fetch', fetch);
    const saved = await createAdopting(store, 'Long session', store.getState().graph());
    expect(saved).toMatchObject({ id: 'g1' });
    const sent = JSON.parse(String(fetch.mock.calls[0]?.[1]?.body)) as { adoptRuns: string[] };
    expect(sent.adoptRuns).toHaveLength(MAX_ADOPT_RUNS);
    expect(sent.adoptRuns.at(-1)).toBe(`run-${MAX_ADOPT_RUNS + 99}`);
    expect(sent.adoptRuns[0]).toBe('run-100');
  });
});
