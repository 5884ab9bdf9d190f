import type { StoredGraph } from '../shared/api.ts';
import type { BatchDetail } from '../shared/batch-api.ts';
import { GraphSchema } from '../shared/graph.ts';
import type { BenchRow } from './table.ts';
import { startTeam, waitForRuns } from './team-cluster.ts';

/**
 * `npm run bench -- team` (issue 14): a 300-item batch of prompt → Text → Video on a team server (embedded Postgres,
 * one API, pg-boss) against 1, 2 and 4 worker processes; runs per minute from the batch's submit to the last run's end.
 *
 * fal is not the bottleneck, one worker is: every fal job takes exactly FAL_RUN_MS on the fixed-time stand-in (the
 * local engine with `render: 'fixed'`: no ffmpeg on the 2 cores being measured), CONCURRENCY is far above what the
 * workers can hold, and each worker runs WORKER_CONCURRENCY runs at once. So one worker's ceiling is
 * WORKER_CONCURRENCY runs per FAL_RUN_MS (+ its own overhead), and n workers should do n times that.
 */
const ITEMS = Number(process.env.TEAM_BENCH_ITEMS ?? 300);
const FAL_RUN_MS = 2000;
const WORKER_CONCURRENCY = 4;
const CONCURRENCY = 64;
const ROUNDS = [1, 2, 4];

/** The last line `npm run bench` prints (after its table). */
export let lastLine = '';

export async function run(): Promise<BenchRow[]> {
  const team = await startTeam({
    falRunMs: FAL_RUN_MS,
    concurrency: CONCURRENCY,
    workerConcurrency: WORKER_CONCURRENCY,
  });
  const rows: BenchRow[] = [];
  const perMinute: Record<number, number> = {};
  try {
    const base = team.api.url;
    const graph = GraphSchema.parse({
      version: 1,
      nodes: [
        { id: 'p', type: 'prompt', data: { params: { text: 'team bench' } } },
        { id: 'v', type: 'pika-turbo-text-to-video', data: { params: { seed: 1 } } },
      ],
      edges: [{ id: 'e', source: 'p', sourceHandle: 'text', target: 'v', targetHandle: 'prompt' }],
    });
    const saved = await post<StoredGraph>(`${base}/api/graphs`, {
      name: 'Team bench',
      graph: { ...graph, inputs: [{ name: 'idea', node: 'p', param: 'text' }] },
    });
    for (const workers of ROUNDS) {
      for (let i = 0; i < workers; i++) await team.addWorker();
      const submittedBefore = team.fal.counters.acceptedTotal;
      // Each round its own prompts, so nothing is served from the cache of an earlier round.
      const items = Array.from({ length: ITEMS }, (_, i) => ({ idea: `team bench: ${workers} worker(s), item ${i}` }));
      const t0 = performance.now();
      const batch = await post<BatchDetail>(`${base}/api/templates/${saved.id}/batches`, { rows: items });
      const done = await waitForRuns(
        team.api,
        batch.runs.map((r) => r.runId),
      );
      const ms = performance.now() - t0;
      await team.stopWorkers();
      const bad = done.filter((r) => r.status !== 'completed');
      if (bad.length) throw new Error(`${bad.length} runs did not complete (first: ${bad[0].id} ${bad[0].status})`);
      const submitted = team.fal.counters.acceptedTotal - submittedBefore;
      if (submitted !== ITEMS) throw new Error(`expected ${ITEMS} fal submissions, the stand-in accepted ${submitted}`);
      perMinute[workers] = ITEMS / (ms / 60_000);
      const ideal = (60_000 / FAL_RUN_MS) * WORKER_CONCURRENCY * workers;
      rows.push({
        bench: 'team',
        metric: `${ITEMS}-item batch, ${workers} worker${workers > 1 ? 's' : ''}`,
        value: perMinute[workers],
        unit: 'runs/min',
        note: `${(ms / 1000).toFixed(1)} s; ceiling ${ideal.toFixed(0)} (${workers}×${WORKER_CONCURRENCY} runs per ${FAL_RUN_MS} ms job)`,
      });
      process.stderr.write(`bench: team ${workers} worker(s): ${perMinute[workers].toFixed(1)} runs/min\n`);
    }
  } finally {
    await team.close();
  }
  const speedup = (n: number) => perMinute[n] / perMinute[1];
  for (const n of [2, 4])
    rows.push({ bench: 'team', metric: `speedup with ${n} workers`, value: speedup(n), unit: '×', note: `ideal ${n}` });
  const f = (v: number) => v.toFixed(1);
  lastLine =
    `team: 1 worker ${f(perMinute[1])} runs/min; 2 workers ${f(perMinute[2])} runs/min; ` +
    `4 workers ${f(perMinute[4])} runs/min; speedup(2) ${speedup(2).toFixed(2)}×; speedup(4) ${speedup(4).toFixed(2)}×`;
  return rows;
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
