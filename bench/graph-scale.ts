import { estimateCost } from '../shared/cost.ts';
import { graphFingerprints } from '../shared/fingerprint.ts';
import type { Graph } from '../shared/graph.ts';
import { topologicalOrder } from '../shared/topo.ts';
import { validateGraph } from '../shared/validate.ts';
import { medianMs, type BenchRow } from './table.ts';

/**
 * validate + order + cost (+ fingerprints) on 1k and 10k-node graphs: layered chains of pikaswaps fed by prompts
 * and videos, the shape of a big batch pipeline. The baseline is the time to merely JSON-parse the same document,
 * so the ratio says how much our checks cost over reading the graph at all.
 */
export function bigGraph(n: number): Graph {
  const nodes: Graph['nodes'] = [];
  const edges: Graph['edges'] = [];
  const chains = Math.max(1, Math.floor(n / 50));
  for (let c = 0; c < chains; c++) {
    nodes.push({
      id: `v${c}`,
      type: 'video',
      position: { x: 0, y: c * 100 },
      data: { params: { url: `https://cdn.example.com/${c}.mp4` } },
    });
    let prev = `v${c}`;
    for (let i = 1; i < n / chains; i++) {
      const id = `s${c}_${i}`;
      nodes.push({
        id,
        type: 'pika-pikaswaps',
        position: { x: i * 300, y: c * 100 },
        data: { params: { prompt: `step ${i}`, seed: i } },
      });
      edges.push({ id: `${prev}->${id}`, source: prev, sourceHandle: 'video', target: id, targetHandle: 'video' });
      prev = id;
    }
  }
  return { version: 2, nodes, edges, inputs: [] };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of [1000, 10000]) {
    const g = bigGraph(n);
    const text = JSON.stringify(g);
    const parseMs = await medianMs(5, () => JSON.parse(text));
    const checkMs = await medianMs(5, () => {
      if (validateGraph(g).length) throw new Error('bench graph should be valid');
      topologicalOrder(g);
      estimateCost(g);
    });
    const fpMs = await medianMs(3, () => graphFingerprints(g));
    rows.push({
      bench: `graph ${n} nodes`,
      metric: 'validate+order+cost',
      value: checkMs,
      unit: 'ms',
      note: `${(checkMs / parseMs).toFixed(1)}× JSON.parse (${parseMs.toFixed(1)} ms)`,
    });
    rows.push({ bench: `graph ${n} nodes`, metric: 'fingerprints', value: fpMs, unit: 'ms' });
  }
  return rows;
}
