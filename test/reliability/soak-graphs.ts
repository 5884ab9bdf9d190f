import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDetail } from '../../shared/api.ts';
import { GraphSchema, type Graph } from '../../shared/graph.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples');

/** The shipped example graphs (the valid ones), parsed once. */
export function exampleGraphs(): { name: string; graph: Graph }[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f, graph: GraphSchema.parse(JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8'))) }));
}

/**
 * Example `i` of the soak: the examples in turn, with seeds (and prompt texts) set from `variant`, so distinct variants
 * are distinct fal work and a repeated variant is served from the cache.
 */
export function soakGraph(examples: { graph: Graph }[], i: number, variant: number): Graph {
  const g = structuredClone(examples[i % examples.length].graph);
  for (const n of g.nodes) {
    const p = n.data.params as Record<string, unknown>;
    if ('seed' in p) p.seed = 1000 + variant;
    if (typeof p.text === 'string') p.text = `${p.text} #${variant}`;
    if (typeof p.prompt === 'string') p.prompt = `${p.prompt} #${variant}`;
  }
  return g;
}

/** Request ids of the fal nodes a finished run really submitted (cached and deduplicated nodes carry none). */
export function submittedIds(run: RunDetail): string[] {
  return Object.values(run.nodes)
    .filter((n) => n.state === 'done' && n.requestId)
    .map((n) => n.requestId!);
}

/** Every `/media/…` value a run exposes (node outputs and run outputs). */
export function mediaFiles(run: RunDetail): string[] {
  const values = [
    ...Object.values(run.outputs),
    ...Object.values(run.nodes).flatMap((n) => Object.values(n.outputs ?? {})),
  ];
  return [
    ...new Set(
      values.filter((v) => typeof v === 'string' && v.startsWith('/media/')).map((v) => v.slice('/media/'.length)),
    ),
  ];
}
