import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../shared/cost.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import { GraphSchema } from '../../shared/graph.ts';
import { NODE_DEFS } from '../../shared/registry.ts';
import { topologicalOrder } from '../../shared/topo.ts';
import { validateGraph } from '../../shared/validate.ts';

/** Property-based: whatever a client sends, the shared graph code answers with problems, never an exception. */

// Every random test prints its seed: FC_SEED=<seed> reruns exactly the same graphs (fast-check also prints the
// failing case's seed and path when a property fails).
const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`graph-fuzz seed: ${seed} (rerun with FC_SEED=${seed})`);

const types = [...NODE_DEFS.map((d) => d.type), 'unknown-type', ''];
const handles = ['video', 'image', 'images', 'prompt', 'text', 'in', 'videos', 'nope'];
const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const paramValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const params = fc.dictionary(
  fc.constantFrom(
    'prompt',
    'seed',
    'duration',
    'resolution',
    'aspect_ratio',
    'transitions',
    'url',
    'text',
    'pikaffect',
    'at',
    'x',
  ),
  paramValue,
  { maxKeys: 5 },
);

const node = fc.record({
  id: ids,
  type: fc.constantFrom(...types),
  position: fc.record({ x: fc.integer(), y: fc.integer() }),
  data: fc.record({ params }),
});
const edge = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  source: ids,
  sourceHandle: fc.constantFrom(...handles),
  target: ids,
  targetHandle: fc.constantFrom(...handles),
  data: fc.option(fc.record({ order: fc.integer({ min: -3, max: 9 }) }), { nil: undefined }),
});
const graphDoc = fc.record({
  version: fc.constant(1 as const),
  nodes: fc.array(node, { maxLength: 8 }),
  edges: fc.array(edge, { maxLength: 12 }),
});

describe('graph fuzzing', () => {
  it('validates thousands of random graphs without throwing, each problem naming a node or edge', () => {
    fc.assert(
      fc.property(graphDoc, (doc) => {
        const parsed = GraphSchema.safeParse(doc);
        if (!parsed.success) return; // the schema's own answer (e.g. an empty type) is a fine 400
        const graph = parsed.data;
        const problems = validateGraph(graph);
        for (const p of problems) {
          expect(p.nodeId ?? p.edgeId).toBeTruthy();
          expect(p.message).toBeTruthy();
        }
        estimateCost(graph);
        const { order, cycle } = topologicalOrder(graph);
        expect(order.length + cycle.length).toBe(new Set(graph.nodes.map((n) => n.id)).size);
        if (problems.length === 0)
          expect(graphFingerprints(graph).size).toBe(new Set(graph.nodes.map((n) => n.id)).size);
      }),
      { seed, numRuns: 3000 },
    );
  });

  it('rejects arbitrary JSON with zod issues, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const parsed = GraphSchema.safeParse(value);
        if (!parsed.success) expect(parsed.error.issues.length).toBeGreaterThan(0);
      }),
      { seed, numRuns: 3000 },
    );
  });
});
