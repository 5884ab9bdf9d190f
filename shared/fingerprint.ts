import { bypassSalts } from './bypass.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import type { EngineKind } from './events.ts';
import { indexEdgesByPort, type Graph } from './graph.ts';
import { getNodeDef } from './registry.ts';
import { pickOf, takeParams, takesOf, type TakeSet } from './takes.ts';
import { topologicalOrder } from './topo.ts';

type Shape = Pick<Graph, 'nodes' | 'edges'>;

/**
 * Content address of a node's result (design.md §3): sha256 of canonical JSON of its type, endpoint, params (with
 * defaults applied) and, per input port, the fingerprints and handles of what feeds it. Equal fingerprint, equal
 * request: the cache may answer it. `salt` (a re-roll counter) forces a new generation. For nodes that call an
 * engine, the engine is part of the address: a local preview is never served as a Pika video (and what lies
 * downstream of it inherits the difference through `upstream`).
 */
export function nodeFingerprint(
  node: { type: string; params: Record<string, unknown>; salt?: string },
  upstream: Record<string, string[]>,
  engine: EngineKind = 'fal',
): string {
  const def = getNodeDef(node.type);
  const parsed = def?.params.safeParse(node.params);
  const params = parsed?.success ? parsed.data : node.params;
  const made = def?.endpoint ? { engine } : {};
  return sha256Hex(
    canonicalJson({
      type: node.type,
      endpoint: def?.endpoint ?? def?.local ?? null,
      params,
      upstream,
      salt: node.salt,
      ...made,
    }),
  );
}

/**
 * Fingerprints of every node of an acyclic graph, in topological order. `salts` re-rolls chosen nodes. A node with
 * several takes is its picked take (so what lies downstream follows the pick); `takes`, when given, receives every
 * take's seed and fingerprint.
 */
export function graphFingerprints(
  graph: Shape,
  salts: Record<string, string> = {},
  engine: EngineKind = 'fal',
  takes?: Map<string, TakeSet>,
): Map<string, string> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  salts = bypassSalts(graph.nodes, salts);
  const prints = new Map<string, string>();
  const into = indexEdgesByPort(graph);
  for (const id of topologicalOrder(graph).order) {
    const node = byId.get(id)!;
    const def = getNodeDef(node.type);
    const upstream: Record<string, string[]> = {};
    for (const port of def?.inputs ?? [])
      upstream[port.name] = into(id, port.name).map((e) => `${prints.get(e.source)}:${e.sourceHandle}`);
    const base = nodeFingerprint({ type: node.type, params: node.data.params, salt: salts[id] }, upstream, engine);
    const count = takesOf(node);
    if (count === 1) {
      prints.set(id, base);
      continue;
    }
    const set: TakeSet = { seeds: [], prints: [], pick: pickOf(node) };
    for (let i = 0; i < count; i++) {
      const params = takeParams(node.data.params, base, i);
      set.seeds.push(params.seed as number | undefined);
      set.prints.push(i ? nodeFingerprint({ type: node.type, params, salt: salts[id] }, upstream, engine) : base);
    }
    takes?.set(id, set);
    prints.set(id, set.prints[set.pick]);
  }
  return prints;
}
