import { rm } from 'node:fs/promises';
import { GraphSchema } from '../shared/graph.ts';
import { startLocalFal } from '../server/local-fal/index.ts';
import { startServer } from '../server/start-server.ts';
import { benchDir, freePort, percentile, startRun } from './bench-util.ts';
import type { BenchRow } from './table.ts';

/**
 * Completion latency: from the local engine finishing a job to our `node.completed` event (result fetched, output
 * kept), with polling at the production interval vs fal webhooks. The finish moment is the engine's own record of it
 * (same process, same clock; 1 ms resolution). It used to be seen by a side watcher polling every 3 ms, which loaded
 * the event loop it was measuring and itself lagged the finish by ~40 ms. Ideal: 0.
 */
const POLL_MS = 1000;
const JOBS = 10;

async function measure(webhook: boolean): Promise<number[]> {
  const fal = await startLocalFal({ speed: 10, fps: 4, concurrency: JOBS });
  const dataDir = await benchDir();
  const port = await freePort();
  const server = await startServer({
    port,
    dataDir,
    localFalUrl: fal.url,
    pollIntervalMs: POLL_MS,
    concurrency: JOBS,
    resume: false,
    publicBaseUrl: webhook ? `http://127.0.0.1:${port}` : undefined,
  });
  const completed = new Map<string, number>();
  try {
    const salt = Date.now() % 1_000_000;
    const nodes = Array.from({ length: JOBS }, (_, i) => ({
      id: `v${i}`,
      type: 'pika-turbo-text-to-video',
      data: { params: { prompt: `latency ${salt}`, seed: salt + i } },
    }));
    const id = await startRun(server.url, GraphSchema.parse({ version: 1, nodes, edges: [] }));
    const off = server.engine.subscribe(id, (e) => {
      if (e.type === 'node.completed') completed.set(e.nodeId, Date.now());
    });
    // Awaited in-process, not by polling the API every 25 ms: that polling shared the event loop being measured.
    const detail = await server.engine.waitForRun(id);
    off();
    if (detail.status !== 'completed') throw new Error(`latency run ${detail.status}`);
    return [...completed].map(([n, t]) => t - fal.finishedAt(detail.nodes[n].requestId!)!);
  } finally {
    await server.close();
    await fal.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  const polling = await measure(false);
  const hooks = await measure(true);
  const rows: BenchRow[] = [];
  for (const [mode, v] of [
    ['polling', polling],
    ['webhook', hooks],
  ] as const) {
    rows.push({
      bench: 'latency',
      metric: `finish → node.completed, ${mode}, median`,
      value: percentile(v, 50),
      unit: 'ms',
      note: `ideal 0; poll interval ${POLL_MS} ms; n=${v.length}`,
    });
    rows.push({
      bench: 'latency',
      metric: `finish → node.completed, ${mode}, p90`,
      value: percentile(v, 90),
      unit: 'ms',
    });
  }
  return rows;
}
