import { GraphSchema, type Graph } from '../shared/graph.ts';

/** The starter templates: every valid graph in `examples/` (the `invalid/` folder holds test fixtures, not starters). */
const files = import.meta.glob('../examples/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

export interface Example {
  key: string;
  name: string;
  graph: Graph;
}

export const EXAMPLES: Example[] = Object.entries(files).flatMap(([path, raw]) => {
  const parsed = GraphSchema.safeParse(raw);
  if (!parsed.success) return [];
  const key = path
    .split('/')
    .pop()!
    .replace(/\.json$/, '');
  return [{ key, name: parsed.data.name ?? key, graph: parsed.data }];
});
