import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { eventOf } from '../engine/engine-harness.ts';
import { graph, harness, readSse, waitRun, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
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
      const done = await waitRun(h.server.url, start.body.id);
      expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
      const events = h.server.store.runs.events(done.id);
      expect(events.some((e) => e.type === 'node.retrying')).toBe(true);
    } finally {
      h.fal.setFaults({});
    }
  });

  it('cancel mid-run cancels in-flight fal requests and marks the rest cancelled', async () => {
    // Its own engine with slow jobs (~10 s each): the cancel must land while they are in flight, however loaded the
    // machine is. Nothing here waits for those 10 s: the test acts on the first node.submitted.
    const slow = await harness({ fal: { speed: 0.5, concurrency: 2 } });
    try {
      const start = await slow.api<RunDetail>('/api/runs', { json: { graph: fan(4, 'cancel me') } });
      const id = start.body.id;
      await eventOf(slow.server.engine, id, (e) => e.type === 'node.submitted');
      const cancelsBefore = slow.fal.counters.requests.cancel ?? 0;
      const res = await slow.api<RunDetail>(`/api/runs/${id}/cancel`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(
        Object.values(res.body.nodes).every((n) => n.state === 'cancelled'),
        JSON.stringify(res.body.nodes),
      ).toBe(true);
      expect((slow.fal.counters.requests.cancel ?? 0) - cancelsBefore).toBeGreaterThanOrEqual(1);
      const again = await slow.api(`/api/runs/${id}/cancel`, { method: 'POST' });
      expect(again.status).toBe(409);
      const sse = await readSse(`${slow.server.url}/api/runs/${id}/events`);
      expect(sse.at(-1)!.event.type).toBe('run.cancelled');
    } finally {
      await slow.close();
    }
  });
});
