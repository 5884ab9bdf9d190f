import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { RunEvent } from '../../shared/events.ts';
import { api, graph, harness, waitRun, type Harness } from './helpers.ts';

/**
 * Never pay twice, never lose a paid result (issue 10). The local engine plays fal's hosts behind the real client,
 * key handling and submit guard; its counters are the bill: `acceptedIds` are the jobs fal would charge for.
 */
let h: Harness;
beforeAll(async () => {
  // Short follow retries, so "fal keeps failing the result call" ends the first run instead of waiting it out.
  h = await harness({ paid: true, server: { follow: { max: 2, baseMs: 10, maxMs: 50 } } });
});
afterAll(async () => h?.close());

let seed = 100;
const t2vGraph = () =>
  graph(
    [
      ['t', 'pika-turbo-text-to-video', { prompt: 'a lantern in fog', seed: seed++ }],
      ['out', 'output'],
    ],
    [['t.video', 'out.in']],
  );

async function run(body: Record<string, unknown>): Promise<RunDetail> {
  const start = await h.api<RunDetail>('/api/runs', { json: body });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  return waitRun(h.server.url, start.body.id);
}
const jobs = () => h.fal.counters.acceptedIds.length;
const submits = () => h.fal.counters.requests.submit ?? 0;

describe('a submit whose answer is lost', () => {
  it('accepted, then the connection dropped: one job at fal, the node says it may exist; a rerun does not submit; "submit again" does', async () => {
    const g = t2vGraph();
    h.fal.setFaults({ submit: { script: ['accept-drop'] } });
    const [jobs0, submits0] = [jobs(), submits()];
    const first = await run({ graph: g });
    h.fal.setFaults({});
    expect(first.status).toBe('failed');
    expect(first.nodes.t).toMatchObject({ state: 'uncertain', endpoint: 'fal-ai/pika/v2/turbo/text-to-video' });
    expect(first.nodes.t.submittedAt).toBeTruthy();
    expect(first.nodes.out.state).toBe('skipped');
    expect(first.cost).toBe(0);
    // The client did not re-POST on its own (it would have 1.2 s later): exactly one attempt, one job.
    expect(submits() - submits0).toBe(1);
    expect(jobs() - jobs0).toBe(1);

    const again = await run({ graph: g });
    expect(again.nodes.t.state).toBe('uncertain');
    expect(submits() - submits0).toBe(1);

    const confirmed = await run({ graph: g, resubmit: ['t'] });
    expect(confirmed.status, JSON.stringify(confirmed.nodes)).toBe('completed');
    expect(jobs() - jobs0).toBe(2);
    expect(confirmed.cost).toBeCloseTo(0.2, 5);
  });

  it('a 500 on submit is not retried: no second job', async () => {
    for (const fault of [500, 'accept-500', 503] as const) {
      h.fal.setFaults({ submit: { script: [fault] } });
      const [jobs0, submits0] = [jobs(), submits()];
      const done = await run({ graph: t2vGraph() });
      h.fal.setFaults({});
      expect(done.nodes.t.state, String(fault)).toBe('uncertain');
      expect(submits() - submits0, String(fault)).toBe(1);
      expect(jobs() - jobs0, String(fault)).toBe(fault === 'accept-500' ? 1 : 0);
    }
  });

  it('a 429 ("not queued") is retried until accepted: one job', async () => {
    h.fal.setFaults({ submit: { script: [429, 429, 429, 429, 429] } });
    const jobs0 = jobs();
    const done = await run({ graph: t2vGraph() });
    h.fal.setFaults({});
    expect(done.status).toBe('completed');
    expect(jobs() - jobs0).toBe(1);
  });
});

describe('once a request id is stored', () => {
  it('the result call failing five times, then a rerun: no new submission, the result is fetched by the stored id', async () => {
    const g = t2vGraph();
    h.fal.setFaults({ result: { script: [500, 500, 500, 500, 500] } });
    const jobs0 = jobs();
    const first = await run({ graph: g });
    h.fal.setFaults({});
    expect(first.status).toBe('failed');
    expect(first.nodes.t).toMatchObject({ state: 'failed', error: { kind: 'transient' } });
    expect(first.nodes.t.error?.message).toMatch(/will not be paid twice/);
    const requestId = first.nodes.t.requestId;
    expect(requestId).toBeTruthy();
    expect(jobs() - jobs0).toBe(1);

    const results0 = h.fal.counters.requests.result ?? 0;
    const rerun = await run({ graph: g });
    expect(rerun.status, JSON.stringify(rerun.nodes)).toBe('completed');
    expect(jobs() - jobs0).toBe(1);
    expect(rerun.nodes.t.requestId).toBe(requestId);
    expect((h.fal.counters.requests.result ?? 0) - results0).toBeGreaterThan(0);
    // fal billed it when it completed; the rerun is the first to see that, so it records the cost.
    expect(first.cost + rerun.cost).toBeCloseTo(0.2, 5);
  });

  it('a 503 from the media host while downloading is retried; the cost is recorded', async () => {
    h.fal.setFaults({ files: { script: [503] } });
    const done = await run({ graph: t2vGraph() });
    h.fal.setFaults({});
    expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
    expect(done.nodes.t.cost).toBeCloseTo(0.2, 5);
  });

  it('a download that keeps failing fails the node with its cost recorded (fal billed it); a rerun fetches, never resubmits', async () => {
    const g = t2vGraph();
    h.fal.setFaults({ files: { script: [503, 503, 503, 503, 503, 503] } });
    const jobs0 = jobs();
    const first = await run({ graph: g });
    h.fal.setFaults({});
    expect(first.nodes.t).toMatchObject({ state: 'failed', cost: 0.2 });
    expect(first.cost).toBeCloseTo(0.2, 5);
    const rerun = await run({ graph: g });
    expect(rerun.status).toBe('completed');
    expect(rerun.cost).toBe(0);
    expect(jobs() - jobs0).toBe(1);
  });
});

describe('a run cancelled while its job waits in fal’s queue', () => {
  it('the next run follows the stored request, learns it was cancelled, submits anew once and completes', async () => {
    const g = t2vGraph();
    const submits0 = submits();
    h.fal.setQueueDelay(3_600_000); // held in fal's queue until cancelled
    let cancelled: RunDetail;
    try {
      const start = await h.api<RunDetail>('/api/runs', { json: { graph: g } });
      expect(start.status).toBe(201);
      const detail = () => h.api<RunDetail>(`/api/runs/${start.body.id}`).then((r) => r.body);
      await expect.poll(async () => (await detail()).nodes.t?.requestId, { timeout: 60_000 }).toBeTruthy();
      expect((await h.api(`/api/runs/${start.body.id}/cancel`, { method: 'POST' })).status).toBe(200);
      cancelled = await waitRun(h.server.url, start.body.id);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.cost).toBe(0);
    } finally {
      h.fal.setQueueDelay(800); // the local engine's default: later tests run as usual even if this one failed
    }

    // The receipt holds the cancelled request: the next run asks fal about it first, never submitting blind, and on
    // "cancelled" sends the job anew in the same run instead of failing once.
    const again = await run({ graph: g });
    expect(again.status, JSON.stringify(again.nodes)).toBe('completed');
    expect(again.nodes.t.requestId).not.toBe(cancelled.nodes.t.requestId);
    const said = h.server.store.runs
      .events(again.id)
      .flatMap((e) => (e.type === 'node.progress' ? e.logs : []))
      .join('\n');
    expect(said).toMatch(/was cancelled earlier \(nothing was made\); submitting anew/);
    expect(again.cost).toBeCloseTo(0.2, 5);
    expect(submits() - submits0).toBe(2);
    // And that new job is the receipt from now on: a third run is served from the cache.
    const third = await run({ graph: g });
    expect(third.nodes.t.state).toBe('cached');
    expect(submits() - submits0).toBe(2);
  });
});

it('a cancel racing the last node’s completion leaves the run completed, cost equal to its nodes', async () => {
  const g = graph(
    [
      ['a', 'pika-turbo-text-to-video', { prompt: 'race a', seed: seed++ }],
      ['b', 'pika-turbo-text-to-video', { prompt: 'race b', seed: seed++ }],
    ],
    [],
  );
  const started = h.server.engine.startRun({ graph: g });
  let completedSeen = 0;
  let cancelled: Promise<boolean> | undefined;
  const off = h.server.engine.subscribe(started.id, (e: RunEvent) => {
    if (e.type === 'node.completed' && ++completedSeen === 2) cancelled = h.server.engine.cancelRun(started.id);
  });
  const done = await h.server.engine.waitForRun(started.id);
  off();
  await cancelled;
  expect(completedSeen).toBe(2);
  expect(done.status).toBe('completed');
  expect(done.cost).toBeCloseTo(done.nodes.a.cost! + done.nodes.b.cost!, 5);
  expect(done.cost).toBeCloseTo(0.4, 5);
  const stored = await api<RunDetail>(h.server.url, `/api/runs/${started.id}`);
  expect(stored.body.status).toBe('completed');
});

it('with webhooks, no wait outlives its poll', async () => {
  const hw = await harness({ paid: true, server: { publicBaseUrl: 'http://127.0.0.1:9' } });
  try {
    const start = await hw.api<RunDetail>('/api/runs', { json: { graph: t2vGraph() } });
    const done = await waitRun(hw.server.url, start.body.id);
    expect(done.status).toBe('completed');
    expect(hw.server.engine.webhookWaits).toBe(0);
  } finally {
    await hw.close();
  }
});
