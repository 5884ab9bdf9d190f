import { kindFits, type PortKind } from './ports.ts';
import { getNodeDef } from './registry.ts';

/** The few facts about a graph the kind walk needs, so the editor (React Flow nodes) and the server can both ask. */
export interface WireLookup {
  typeOf(nodeId: string): string | undefined;
  /** Wires into one input port. */
  into(nodeId: string, port: string): readonly { source: string; sourceHandle?: string | null }[];
  /** Wires leaving a node. */
  from?(nodeId: string): readonly { target: string; targetHandle?: string | null }[];
}

/**
 * What an output carries. An `any` output (a reroute) carries what feeds the node's first input, followed upstream
 * through any chain of reroutes; `any` when nothing feeds it yet.
 */
export function carriedKind(g: WireLookup, nodeId: string, handle: string, seen = new Set<string>()): PortKind {
  const def = getNodeDef(g.typeOf(nodeId) ?? '');
  const own = def?.outputs.find((p) => p.name === handle)?.kind ?? 'any';
  const first = def?.inputs[0];
  if (own !== 'any' || !first || seen.has(nodeId)) return own;
  seen.add(nodeId);
  const feed = g.into(nodeId, first.name)[0];
  return feed ? carriedKind(g, feed.source, feed.sourceHandle ?? '', seen) : 'any';
}

/**
 * Where a `kind` fed into a pass-through node (a reroute) ends up refused: the first input downstream, through further
 * reroutes, that does not take it. Undefined when every one takes it (or the node is not a pass-through).
 */
export function refusedDownstream(
  g: WireLookup,
  nodeId: string,
  kind: PortKind,
  seen = new Set<string>(),
): { nodeId: string; port: string } | undefined {
  const def = getNodeDef(g.typeOf(nodeId) ?? '');
  if (kind === 'any' || !def?.outputs.some((p) => p.kind === 'any') || seen.has(nodeId)) return undefined;
  seen.add(nodeId);
  for (const e of g.from?.(nodeId) ?? []) {
    const tDef = getNodeDef(g.typeOf(e.target) ?? '');
    const inp = tDef?.inputs.find((p) => p.name === e.targetHandle);
    if (inp && !kindFits(kind, inp)) return { nodeId: e.target, port: inp.name };
    const deeper = refusedDownstream(g, e.target, kind, seen);
    if (deeper) return deeper;
  }
  return undefined;
}
