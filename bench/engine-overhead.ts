import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphSchema, type Graph } from '../shared/graph.ts';
import { startLocalFal } from '../server/local-fal/index.ts';
import { startServer } from '../server/start-server.ts';
import { createEngine, type Engine } from '../server/engine/engine.ts';
import { openStore } from '../server/store/index.ts';
import { fixedTimeFal } from './fixed-time-fal.ts';
import type { BenchRow } from './table.ts';

/**
 * Scheduler overhead: wall time of a 30-node run (10 independent branches of 3 chained fal nodes) divided by its
 * critical path (3 × the local engine's fixed run time). 1.0 is ideal. The same graph with concurrency 1 is the
 * sequential-executor baseline (ideal 10 here). The local engine's render cache is warmed by a first run and clips
 * use 2 fps, so the fixed run times dominate; chained levels still render per request (their input URLs differ),
 * which on 2 cores adds contention.
 */
const RUN_MS = 1500;
/** Run time of the fixed-time stand-in (no renders, so it can be short). */
const FIXED_MS = 500;
const BRANCHES = 10;
const DEPTH = 3;

/** `branches` independent chains of DEPTH fal nodes; `salt` moves the seeds, so graphs with other salts share nothing. */
export function benchGraph(salt = 0, branches = BRANCHES): Graph {
  const nodes = [];
  const edges = [];
  for (let b = 0; b < branches; b++) {
    // A seed per branch: identical branches would be one piece of work (the engine coalesces equal fingerprints),
    // which made the sequential baseline as fast as the parallel run.
    nodes.push({
      id: `b${b}n0`,
      type: 'pika-turbo-text-to-video',
      data: { params: { prompt: 'bench', seed: salt + b + 1 } },
    });
    for (let d = 1; d < DEPTH; d++) {
      nodes.push({
        id: `b${b}n${d}`,
        type: 'pika-pikaswaps',
        data: { params: { prompt: `level ${d}`, modify_region: 'the sky', seed: salt + b + 1 } },
      });
      edges.push({
        id: `b${b}e${d}`,
        source: `b${b}n${d - 1}`,
        sourceHandle: 'video',
        target: `b${b}n${d}`,
        targetHandle: 'video',
      });
    }
  }
  return GraphSchema.parse({ version: 1, nodes, edges });
}

async function timeRun(falUrl: string, concurrency: number): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pikaflow-bench-'));
  // Fresh data folder: nothing cached, every node is submitted.
  const server = await startServer({ dataDir, localFalUrl: falUrl, concurrency, pollIntervalMs: 25, resume: false });
  try {
    return await timed(server.engine);
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function timed(engine: Engine, graph = benchGraph()): Promise<number> {
  const t0 = performance.now();
  const run = await engine.runGraph(graph);
  if (run.status !== 'completed')
    throw new Error(`bench run ${run.status}: ${JSON.stringify(run.nodes).slice(0, 300)}`);
  return performance.now() - t0;
}

/**
 * The same graph against a fixed-time fal stand-in (no renders): the scheduler's own overhead. The engine first runs
 * one chain as a warm-up (a server that has run anything before: code compiled, statements prepared), then one chain
 * alone (the critical path as this engine runs it, in this run), then the whole graph; none shares work with another.
 */
async function timeFixed(concurrency: number): Promise<{ whole: number; chain: number }> {
  const stub = await fixedTimeFal(FIXED_MS);
  const dataDir = await mkdtemp(join(tmpdir(), 'pikaflow-bench-'));
  const store = openStore(dataDir);
  const engine = createEngine({
    store,
    targets: { local: { kind: 'local', fal: stub.fal, key: 'local:bench' } },
    dataDir,
    mediaDir: join(dataDir, 'media'),
    concurrency,
    pollIntervalMs: 25,
    allowOrigins: [stub.origin],
  });
  try {
    await timed(engine, benchGraph(1000, 1));
    const chain = await timed(engine, benchGraph(2000, 1));
    return { whole: await timed(engine), chain };
  } finally {
    await engine.close();
    store.close();
    await stub.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  const critical = DEPTH * FIXED_MS;
  const parallel = await timeFixed(BRANCHES);
  const sequential = await timeFixed(1);
  const rows: BenchRow[] = [
    {
      bench: 'engine-overhead',
      metric: 'fixed-time fal: ready-queue ÷ critical path',
      value: parallel.whole / critical,
      unit: '×',
      note: `ideal 1.0 (${Math.round(parallel.whole)} ms / ${critical} ms; one chain alone, same run: ${Math.round(parallel.chain)} ms)`,
    },
    {
      bench: 'engine-overhead',
      metric: 'fixed-time fal: sequential ÷ critical path',
      value: sequential.whole / critical,
      unit: '×',
      note: `baseline, ideal ${BRANCHES}`,
    },
  ];
  return [...rows, ...(await runLocal())];
}

async function runLocal(): Promise<BenchRow[]> {
  const fal = await startLocalFal({ speed: 1, runTimeMs: RUN_MS, queueDelayMs: 0, concurrency: BRANCHES, fps: 2 });
  try {
    await timeRun(fal.url, BRANCHES); // warm the render cache
    const critical = DEPTH * RUN_MS;
    const parallel = await timeRun(fal.url, BRANCHES);
    const sequential = await timeRun(fal.url, 1);
    return [
      {
        bench: 'engine-overhead',
        metric: 'local engine (renders): ready-queue ÷ critical path',
        value: parallel / critical,
        unit: '×',
        note: `ideal 1.0 (${Math.round(parallel)} ms / ${critical} ms; ffmpeg contention included)`,
      },
      {
        bench: 'engine-overhead',
        metric: 'local engine (renders): sequential ÷ critical path',
        value: sequential / critical,
        unit: '×',
        note: `baseline, ideal ${BRANCHES}`,
      },
    ];
  } finally {
    await fal.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./table.ts');
  printTable(await run());
  process.exit(0);
}
