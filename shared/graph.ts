import { z } from 'zod';
import { GRAPH_VERSION, OLDEST_GRAPH_VERSION, upgradeGraph } from './graph-migrate.ts';

/**
 * The one graph format: React Flow's node/edge shape, used by the editor, the API and storage alike.
 * Unknown keys (React Flow's `selected`, `measured` …) are stripped on parse.
 */

/** The current format is 2; version 1 documents are upgraded as they are parsed (see graph-migrate.ts). */
export { GRAPH_VERSION };

/** Inputs a template may expose: far more than any form needs, and 40,000 overflowed zod's stack when applied. */
export const MAX_TEMPLATE_INPUTS = 100;
/** How deep a node's params may nest: the deepest real param (keyframe transitions) is 3; ~4,100 broke JSON.stringify. */
export const MAX_PARAM_DEPTH = 16;
/** A node's params as JSON text, roughly: room for a legacy embedded `data:` image, far below the 10 MB body limit. */
export const MAX_PARAM_CHARS = 1_000_000;

/**
 * Whether a JSON value nests deeper than `maxDepth` or is longer than `maxChars` as JSON text (roughly). Walked with a
 * stack, not recursion, so the value that made JSON.stringify overflow cannot overflow this check; it stops as soon as
 * either bound is passed, so a huge value costs no more than the bound.
 */
export function jsonOverBounds(
  value: unknown,
  maxDepth: number,
  maxChars: number,
): { over?: 'depth' | 'size'; chars: number } {
  const stack: [unknown, number][] = [[value, 0]];
  let chars = 0;
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (depth > maxDepth) return { over: 'depth', chars };
    if (typeof v === 'string') chars += v.length + 2;
    else if (v !== null && typeof v === 'object') {
      const keyed = !Array.isArray(v);
      for (const [k, item] of Object.entries(v)) {
        chars += keyed ? k.length + 4 : 1;
        if (chars > maxChars) return { over: 'size', chars };
        stack.push([item, depth + 1]);
      }
      chars += 2;
    } else chars += 5;
    if (chars > maxChars) return { over: 'size', chars };
  }
  return { chars };
}

/** Params refused at parse time when too deep or too large, naming the param (stores and fingerprints recurse). */
const ParamsSchema = z.record(z.string(), z.unknown()).superRefine((params, ctx) => {
  let chars = 0;
  for (const [key, value] of Object.entries(params)) {
    const { over, chars: used } = jsonOverBounds(value, MAX_PARAM_DEPTH - 1, MAX_PARAM_CHARS - chars);
    chars += used + key.length;
    if (over === 'depth')
      ctx.addIssue({ code: 'custom', path: [key], message: `nests deeper than ${MAX_PARAM_DEPTH} levels` });
    if (over === 'size' || chars > MAX_PARAM_CHARS)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `the node's params are over ${MAX_PARAM_CHARS.toLocaleString('en-US')} characters`,
      });
    if (over || chars > MAX_PARAM_CHARS) return;
  }
});

export const GraphNodeSchema = z.object({
  /** Unique within the graph. */
  id: z.string().min(1).max(200),
  /** A registry type id (checked by validateGraph, not here, so an unknown type is reported with its node id). */
  type: z.string().min(1).max(100),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  data: z
    .object({
      /** The node's params, checked against its registry entry. */
      params: ParamsSchema.default({}),
      /** Optional display name shown instead of the type's title. */
      label: z.string().max(200).optional(),
      /** Bypassed (issue 13): the run hands each output the first input of its kind, or skips it and its branch. */
      bypass: z.boolean().optional(),
      /** Params a version switch put aside (the new version could not take them); they return on switching back. */
      aside: ParamsSchema.optional(),
      /** Takes (shared/takes.ts): how many seeds a generation node makes in one go, and which one feeds downstream. */
      takes: z.number().int().min(1).max(8).optional(),
      pick: z.number().int().min(0).max(7).optional(),
    })
    .default({ params: {} }),
});

export const GraphEdgeSchema = z.object({
  id: z.string().min(1).max(400),
  source: z.string().min(1).max(200),
  /** Output port name on the source node. */
  sourceHandle: z.string().min(1).max(100),
  target: z.string().min(1).max(200),
  /** Input port name on the target node. */
  targetHandle: z.string().min(1).max(100),
  /** For list ports (keyframes): position in the list, lowest first. */
  data: z.object({ order: z.number().optional() }).optional(),
});

/** A template input: one node param (or a source node's value) exposed under a name. */
export const ExposedInputSchema = z.object({
  name: z
    .string()
    .max(100)
    .regex(/^[A-Za-z_][\w-]*$/, 'Use letters, digits, _ or -, starting with a letter'),
  label: z.string().max(200).optional(),
  node: z.string().min(1).max(200),
  param: z.string().min(1).max(100),
});

/** A graph document as written at any readable version; `GraphSchema` is this, upgraded to the current version. */
export const GraphDocSchema = z.object({
  version: z
    .number()
    .int()
    .min(OLDEST_GRAPH_VERSION, 'this graph format is older than pikaflow reads')
    .max(GRAPH_VERSION, 'this graph was saved by a newer pikaflow: update pikaflow to open it'),
  name: z.string().max(200).optional(),
  // Bounds keep one request from holding the server for seconds (a 20k-node run took ~3.5 s to create); the
  // editor is measured at 500 nodes and validation at 10k (bench/).
  nodes: z.array(GraphNodeSchema).max(5000, 'A graph can have at most 5000 nodes'),
  edges: z.array(GraphEdgeSchema).max(20000, 'A graph can have at most 20000 edges'),
  /** Template inputs (see issue 6). */
  inputs: z
    .array(ExposedInputSchema)
    .max(MAX_TEMPLATE_INPUTS, `A template can expose at most ${MAX_TEMPLATE_INPUTS} inputs`)
    .default([]),
});

/** The one graph format: parses any readable version and gives the current one. */
export const GraphSchema = GraphDocSchema.transform(upgradeGraph);

export type GraphNode = z.infer<typeof GraphNodeSchema>;
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;
export type Graph = z.infer<typeof GraphSchema>;
export type GraphInput = z.input<typeof GraphSchema>;
export type ExposedInput = z.infer<typeof ExposedInputSchema>;

/**
 * Edges into a node's port, in list order (by `data.order`, then by position in the edge list). The lookup is built
 * once (linear) and then asked per port: filtering all edges per port made a 10k-node graph quadratic.
 */
export function indexEdgesByPort(graph: Pick<Graph, 'edges'>): (nodeId: string, port: string) => GraphEdge[] {
  const byPort = new Map<string, { e: GraphEdge; i: number }[]>();
  graph.edges.forEach((e, i) => {
    const key = `${e.target}\u0000${e.targetHandle}`;
    const list = byPort.get(key);
    if (list) list.push({ e, i });
    else byPort.set(key, [{ e, i }]);
  });
  const sorted = new Map<string, GraphEdge[]>();
  for (const [key, list] of byPort)
    sorted.set(
      key,
      list.sort((a, b) => (a.e.data?.order ?? a.i) - (b.e.data?.order ?? b.i) || a.i - b.i).map(({ e }) => e),
    );
  return (nodeId, port) => sorted.get(`${nodeId}\u0000${port}`) ?? [];
}
