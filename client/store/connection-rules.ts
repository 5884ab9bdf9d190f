import { getNodeDef } from '../../shared/registry.ts';
import type { NodeDef } from '../../shared/define-node.ts';
import { kindFits, maxConnections, type PortKind } from '../../shared/ports.ts';
import { carriedKind, refusedDownstream, type WireLookup } from '../../shared/wire-kind.ts';
import type { FlowEdge, FlowNode } from './types.ts';

export interface Attempt {
  source: string;
  sourceHandle: string | null;
  target: string;
  targetHandle: string | null;
}

/** `replaces`: the wire already in a single input that this one takes the place of (the designer's intent). */
export type Verdict = { ok: true; replaces?: string } | { ok: false; reason: string };

/** One end of a wire being dragged: the handle it was pulled from. */
export interface WireEnd {
  nodeId: string;
  handleId: string | null;
  handleType: 'source' | 'target';
}

/** Whether `target` can be reached from `source` by following edges (a new edge back would close a loop). */
export function reaches(edges: readonly FlowEdge[], from: string, to: string): boolean {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return false;
}

/**
 * The one connection rule, with a reason a designer can read when it says no. A wire into a single input that is
 * already fed replaces the old wire (as in ComfyUI and n8n). `ignore`: a wire being moved, judged as if absent.
 */
export function checkConnection(
  nodes: readonly FlowNode[],
  allEdges: readonly FlowEdge[],
  a: Attempt,
  ignore?: string,
): Verdict {
  const edges = ignore ? allEdges.filter((e) => e.id !== ignore) : allEdges;
  const src = nodes.find((n) => n.id === a.source);
  const tgt = nodes.find((n) => n.id === a.target);
  const sDef = src && getNodeDef(src.type ?? '');
  const tDef = tgt && getNodeDef(tgt.type ?? '');
  if (!sDef || !tDef) return { ok: false, reason: 'Unknown node' };
  const out = sDef.outputs.find((p) => p.name === a.sourceHandle);
  const inp = tDef.inputs.find((p) => p.name === a.targetHandle);
  if (!out || !inp) return { ok: false, reason: 'Connect an output (right side) to an input (left side)' };
  if (a.source === a.target) return { ok: false, reason: 'A node cannot feed itself' };
  // A reroute carries what feeds it, and takes only what the inputs it already feeds take.
  const wires = lookup(nodes, edges);
  const kind = carriedKind(wires, a.source, out.name);
  if (kind !== 'any' && !kindFits(kind, inp))
    return { ok: false, reason: `${tDef.title} · ${inp.label} takes ${inp.kind}, but ${sDef.title} gives ${kind}` };
  const refused = refusedDownstream(wires, a.target, kind);
  if (refused) {
    const far = nodes.find((n) => n.id === refused.nodeId);
    const fDef = getNodeDef(far?.type ?? '');
    const port = fDef?.inputs.find((p) => p.name === refused.port);
    return {
      ok: false,
      reason: `This reroute feeds ${fDef?.title} · ${port?.label}, which takes ${port?.kind}, not ${kind}`,
    };
  }
  const into = edges.filter((e) => e.target === a.target && e.targetHandle === a.targetHandle);
  if (into.some((e) => e.source === a.source && e.sourceHandle === a.sourceHandle))
    return { ok: false, reason: 'These two are already connected' };
  const max = maxConnections(inp);
  if (max > 1 && into.length >= max)
    return { ok: false, reason: `${inp.label} takes at most ${max}; disconnect one first` };
  if (reaches(edges, a.target, a.source))
    return { ok: false, reason: 'That would make a loop: the graph must flow one way' };
  return max === 1 && into.length ? { ok: true, replaces: into[0].id } : { ok: true };
}

/** The kind a dragged wire carries: an output's kind, or (pulled from an input) the kind that input takes. */
export function kindOfEnd(
  nodes: readonly FlowNode[],
  end: WireEnd,
  edges: readonly FlowEdge[] = [],
): PortKind | undefined {
  const def = getNodeDef(nodes.find((n) => n.id === end.nodeId)?.type ?? '');
  const ports = end.handleType === 'source' ? def?.outputs : def?.inputs;
  const kind = ports?.find((p) => p.name === end.handleId)?.kind;
  return kind === 'any' && end.handleType === 'source'
    ? carriedKind(lookup(nodes, edges), end.nodeId, end.handleId ?? '')
    : kind;
}

/** The wire facts shared/wire-kind.ts walks, over the canvas's nodes and wires. */
function lookup(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): WireLookup {
  return {
    typeOf: (id) => nodes.find((n) => n.id === id)?.type,
    into: (id, port) => edges.filter((e) => e.target === id && e.targetHandle === port),
    from: (id) => edges.filter((e) => e.source === id),
  };
}

/**
 * The port of a new node of `def` that a wire pulled from `end` would plug into: for a wire from an output, the
 * first input that takes its kind (a required one first); from an input, the first output that fits it.
 */
export function portFor(def: NodeDef, kind: PortKind, from: 'source' | 'target'): string | undefined {
  if (from === 'source') {
    const fits = def.inputs.filter((p) => kindFits(kind, p));
    return (fits.find((p) => p.required) ?? fits[0])?.name;
  }
  return def.outputs.find((p) => kind === 'any' || p.kind === kind)?.name;
}

/** Node types that can sit at the loose end of a wire pulled from `end` (what the node search offers). */
export function defsForEnd(defs: readonly NodeDef[], kind: PortKind, from: 'source' | 'target'): NodeDef[] {
  return defs.filter((d) => portFor(d, kind, from) !== undefined);
}

/** The order a new edge gets in a list port: after every existing one. */
export function nextOrder(edges: readonly FlowEdge[], target: string, handle: string): number {
  const orders = edges.filter((e) => e.target === target && e.targetHandle === handle).map((e) => e.data?.order ?? 0);
  return orders.length ? Math.max(...orders) + 1 : 0;
}
