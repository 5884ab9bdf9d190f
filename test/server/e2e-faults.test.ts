import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { RunEvent } from '../../shared/events.ts';
import { graph, harness, readSse, waitRun, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  // Slow enough jobs (~1 s) that a cancel lands while they are in flight.
  h = await harness({ fal: { speed: 4, concurrency: 2 } });
});
afterAll(async () => h?.close());

const fan = (n: number, tag: string) => {
  const nodes: [string, string, Record<string, unknown>?][] = [];
  for (let i = 0; i < n; i++) nodes.push([`v${i}`, 'pika-turbo-text-to-video', { prompt: `${tag} ${i}`, seed: i }]);
  return graph(nodes, []);
};

describe('faults and cancel', () => {
  it('429s on submit, and 503s, 500s and dropped connections once a request id exists, still reach success', async () => {
    h.fal.setFaults({
      // 429 means "not queued": the only submit failure that is retried (see money.test.ts for the others).
      submit: { script: [429, 429, 429, 429, 429] },
      status: { script: ['drop', 503, 500, 429] },
      result: { script: [500, 'drop'] },
    });
    try {
      const start = await h.api<RunDetail>('/api/runs', { json: { graph: fan(2, 'faults') } });
      const done = await waitRun(h.server.url, start.body.id, 60_000);
      expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
      const events = h.server.store.runs.events(done.id);
      expect(events.some((e) => e.type === 'node.retrying')).toBe(true);
    } finally {
      h.fal.setFaults({});
    }
  });

  it('cancel mid-run cancels in-flight fal requests and marks the rest cancelled', async () => {
    const start = await h.api<RunDetail>('/api/runs', { json: { graph: fan(4, 'cancel me') } });
    const id = start.body.id;
    const events: RunEvent[] = [];
    const off = h.server.engine.subscribe(id, (e) => events.push(e));
    while (!events.some((e) => e.type === 'node.submitted')) await new Promise((r) => setTimeout(r, 20));
    off();
    const cancelsBefore = h.fal.counters.requests.cancel ?? 0;
    const res = await h.api<RunDetail>(`/api/runs/${id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(Object.values(res.body.nodes).every((n) => n.state === 'cancelled')).toBe(true);
    expect((h.fal.counters.requests.cancel ?? 0) - cancelsBefore).toBeGreaterThanOrEqual(1);
    const again = await h.api(`/api/runs/${id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
    const sse = await readSse(`${h.server.url}/api/runs/${id}/events`);
    expect(sse.at(-1)!.event.type).toBe('run.cancelled');
  });
});
