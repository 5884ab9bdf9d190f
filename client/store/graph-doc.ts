import { canonicalJson } from '../../shared/canonical.ts';
import { GRAPH_VERSION, GraphSchema, type Graph } from '../../shared/graph.ts';
import type { Snapshot } from './types.ts';

/** Canvas state → the one graph format (React Flow extras like `selected` and `measured` are dropped). */
export function toGraph(doc: Snapshot, name?: string): Graph {
  return {
    version: GRAPH_VERSION,
    ...(name ? { name } : {}),
    nodes: doc.nodes.map((n) => ({
      id: n.id,
      type: n.type ?? '',
      position: { x: n.position.x, y: n.position.y },
      data: {
        params: n.data.params,
        ...(n.data.label ? { label: n.data.label } : {}),
        ...(n.data.bypass ? { bypass: true } : {}),
        ...(n.data.aside ? { aside: n.data.aside } : {}),
        ...(n.data.takes ? { takes: n.data.takes } : {}),
        ...(n.data.pick ? { pick: n.data.pick } : {}),
      },
    })),
    edges: doc.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle ?? '',
      target: e.target,
      targetHandle: e.targetHandle ?? '',
      ...(e.data?.order !== undefined ? { data: { order: e.data.order } } : {}),
    })),
    inputs: doc.inputs.map((i) => ({ ...i })),
  };
}

/** A graph document (already parsed) → canvas state. */
export function fromGraph(graph: Graph): Snapshot {
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, type: n.type, position: n.position, data: { ...n.data } })),
    edges: graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle,
      target: e.target,
      targetHandle: e.targetHandle,
      data: { order: e.data?.order },
    })),
    inputs: graph.inputs.map((i) => ({ ...i })),
  };
}

/**
 * Whether two graphs are the same work: the same nodes with the same params, wires and template inputs. Where nodes
 * stand, their labels and the document's name do not count (a run's graph is still this canvas after a tidy-up).
 */
export function sameWork(a: Graph, b: Graph): boolean {
  return canonicalJson(workOf(a)) === canonicalJson(workOf(b));
}

function workOf(g: Graph) {
  const sorted = (xs: string[]) => [...xs].sort();
  return {
    nodes: sorted(
      g.nodes.map((n) => canonicalJson([n.id, n.type, n.data.params, n.data.takes, n.data.pick, n.data.bypass])),
    ),
    edges: sorted(
      g.edges.map((e) => canonicalJson([e.source, e.sourceHandle, e.target, e.targetHandle, e.data?.order ?? null])),
    ),
    inputs: sorted(g.inputs.map((i) => canonicalJson(i))),
  };
}

/** Parses untrusted JSON (an import, a draft) into a graph, or explains what is wrong. */
export function parseGraphJson(text: string): { graph: Graph } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: 'This file is not valid JSON' };
  }
  const parsed = GraphSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { error: `Not a pikaflow graph: ${first.path.join('.') || 'document'}: ${first.message}` };
  }
  return { graph: parsed.data };
}

/** A short unique id for a new node or edge. */
export function newId(prefix: string, taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `${prefix}-${Math.random().toString(36).slice(2, 7)}`;
    if (!taken.has(id)) return id;
  }
}
