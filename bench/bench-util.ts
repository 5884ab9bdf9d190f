import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDetail } from '../shared/api.ts';
import { GraphSchema, type Graph } from '../shared/graph.ts';

/** Shared bits of the server benchmarks: temp folders, free ports, posting runs and waiting for them. */
export const benchDir = () => mkdtemp(join(tmpdir(), 'pikaflow-bench-'));

/** A free loopback port (for a server that must know its own URL before it starts, e.g. for webhooks). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startRun(base: string, graph: Graph): Promise<string> {
  const res = await fetch(`${base}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ graph }),
  });
  if (res.status !== 201) throw new Error(`run refused: ${res.status} ${await res.text()}`);
  return ((await res.json()) as RunDetail).id;
}

/** Polls until the run is terminal (bounded by `timeoutMs`); throws unless it completed. */
export async function finishRun(base: string, id: string, timeoutMs = 120_000): Promise<RunDetail> {
  const t0 = Date.now();
  for (;;) {
    const run = (await (await fetch(`${base}/api/runs/${id}`)).json()) as RunDetail;
    if (run.status === 'completed') return run;
    if (run.status === 'failed' || run.status === 'cancelled') throw new Error(`run ${id} ${run.status}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`run ${id} still ${run.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `branches` independent chains of `depth` fal nodes (turbo text-to-video, then pikaswaps), seeds from `salt`. */
export function chainsGraph(branches: number, depth: number, salt: number): Graph {
  const nodes = [];
  const edges = [];
  for (let b = 0; b < branches; b++) {
    nodes.push({
      id: `b${b}n0`,
      type: 'pika-turbo-text-to-video',
      data: { params: { prompt: `bench ${salt} ${b}`, seed: salt + b } },
    });
    for (let d = 1; d < depth; d++) {
      nodes.push({
        id: `b${b}n${d}`,
        type: 'pika-pikaswaps',
        data: { params: { prompt: `level ${d}`, modify_region: 'the sky', seed: salt } },
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

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
