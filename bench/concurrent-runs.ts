import { rm } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GraphSchema } from '../shared/graph.ts';
import { startServer } from '../server/start-server.ts';
import { benchDir, finishRun, startRun } from './bench-util.ts';
import { fixedTimeFal } from './fixed-time-fal.ts';
import type { BenchRow } from './table.ts';

/**
 * 200 runs started at once over HTTP in one server process (prompt → one fal node; a fixed-time fal stand-in,
 * so renders do not eat the CPU being measured): peak RSS, event-loop delay p99 and total time. Baselines measured
 * here: RSS and loop delay of the idle server, and one run alone (ideal total = waves × one run).
 */
const RUNS = 200;
const CONCURRENCY = 50;
const RUN_MS = 500;

export async function run(): Promise<BenchRow[]> {
  const stub = await fixedTimeFal(RUN_MS);
  const dataDir = await benchDir();
  const server = await startServer({
    dataDir,
    fal: stub.fal,
    localFalUrl: stub.origin,
    concurrency: CONCURRENCY,
    pollIntervalMs: 100,
    resume: false,
  });
  const graph = (i: number) =>
    GraphSchema.parse({
      version: 1,
      edges: [{ id: 'e', source: 'p', sourceHandle: 'text', target: 'v', targetHandle: 'prompt' }],
      nodes: [
        { id: 'p', type: 'prompt', data: { params: { text: `concurrent ${Date.now()} ${i}` } } },
        { id: 'v', type: 'pika-turbo-text-to-video', data: { params: { seed: i + 1 } } },
      ],
    });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  try {
    global.gc?.();
    const idleRss = process.memoryUsage().rss;
    loop.enable();
    await new Promise((r) => setTimeout(r, 500));
    loop.disable();
    const idleP99 = loop.percentile(99) / 1e6;
    loop.reset();

    let t0 = performance.now();
    await finishRun(server.url, await startRun(server.url, graph(-1)));
    const single = performance.now() - t0;

    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    loop.enable();
    t0 = performance.now();
    const ids = await Promise.all(Array.from({ length: RUNS }, (_, i) => startRun(server.url, graph(i))));
    // Completion is awaited through the engine's own events (as the editor follows SSE), not by 200 clients polling
    // GET /api/runs/:id every 25 ms in this same process: that load was the bench's, not the server's.
    const finished = await Promise.all(ids.map((id) => server.engine.waitForRun(id)));
    const bad = finished.find((r) => r.status !== 'completed');
    if (bad) throw new Error(`run ${bad.id} ${bad.status}`);
    const total = performance.now() - t0;
    loop.disable();
    clearInterval(sampler);
    const ideal = Math.ceil(RUNS / CONCURRENCY) * single;
    return [
      {
        bench: 'concurrent-runs',
        metric: `${RUNS} runs at once: total time`,
        value: total,
        unit: 'ms',
        note: `ideal ${ideal.toFixed(0)} (${RUNS / CONCURRENCY} waves × one run alone ${single.toFixed(0)} ms)`,
      },
      {
        bench: 'concurrent-runs',
        metric: 'peak RSS',
        value: peak / 1024 ** 2,
        unit: 'MB',
        note: `idle ${(idleRss / 1024 ** 2).toFixed(0)} MB`,
      },
      {
        bench: 'concurrent-runs',
        metric: 'event-loop delay p99',
        value: loop.percentile(99) / 1e6,
        unit: 'ms',
        note: `idle ${idleP99.toFixed(1)} ms`,
      },
      { bench: 'concurrent-runs', metric: 'event-loop delay max', value: loop.max / 1e6, unit: 'ms' },
    ];
  } finally {
    await server.close();
    await stub.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
