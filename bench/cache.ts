import { rm } from 'node:fs/promises';
import { startLocalFal } from '../server/local-fal/index.ts';
import { startServer } from '../server/start-server.ts';
import { benchDir, chainsGraph, finishRun, startRun } from './bench-util.ts';
import type { BenchRow } from './table.ts';

/**
 * Cache: an unchanged 30-node graph (10 chains of 3 fal nodes) run twice on one server. The re-run should submit
 * nothing (ideal 0) and take a small fraction of the first run's time.
 */
export async function run(): Promise<BenchRow[]> {
  const fal = await startLocalFal({ speed: 20, fps: 4, concurrency: 10 });
  const dataDir = await benchDir();
  const server = await startServer({
    dataDir,
    localFalUrl: fal.url,
    concurrency: 10,
    pollIntervalMs: 25,
    resume: false,
  });
  try {
    const graph = chainsGraph(10, 3, Date.now() % 1_000_000);
    const timed = async () => {
      const before = fal.counters.acceptedTotal;
      const t0 = performance.now();
      await finishRun(server.url, await startRun(server.url, graph));
      return { ms: performance.now() - t0, submissions: fal.counters.acceptedTotal - before };
    };
    const first = await timed();
    const again = await timed();
    return [
      {
        bench: 'cache',
        metric: 'first run of 30 fal nodes',
        value: first.ms,
        unit: 'ms',
        note: `${first.submissions} submissions`,
      },
      {
        bench: 'cache',
        metric: 'unchanged re-run',
        value: again.ms,
        unit: 'ms',
        note: `${((100 * again.ms) / first.ms).toFixed(1)}% of first run`,
      },
      {
        bench: 'cache',
        metric: 'unchanged re-run submissions',
        value: again.submissions,
        unit: 'count',
        note: 'ideal 0',
      },
    ];
  } finally {
    await server.close();
    await fal.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
