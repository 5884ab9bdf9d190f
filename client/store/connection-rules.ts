import { getNodeDef } from '../../shared/registry.ts';
import { kindFits, maxConnections } from '../../shared/ports.ts';
import type { FlowEdge, FlowNode } from './types.ts';

export interface Attempt {
  source: string;
  sourceHandle: string | null;
  target: string;
  targetHandle: string | null;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

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

/** The one connection rule, with a reason a designer can read when it says no. */
export function checkConnection(nodes: readonly FlowNode[], edges: readonly FlowEdge[], a: Attempt): Verdict {
  const src = nodes.find((n) => n.id === a.source);
  const tgt = nodes.find((n) => n.id === a.target);
  const sDef = src && getNodeDef(src.type ?? '');
  const tDef = tgt && getNodeDef(tgt.type ?? '');
  if (!sDef || !tDef) return { ok: false, reason: 'Unknown node' };
  const out = sDef.outputs.find((p) => p.name === a.sourceHandle);
  const inp = tDef.inputs.find((p) => p.name === a.targetHandle);
  if (!out || !inp) return { ok: false, reason: 'Connect an output (right side) to an input (left side)' };
  if (a.source === a.target) return { ok: false, reason: 'A node cannot feed itself' };
  if (!kindFits(out.kind, inp))
    return { ok: false, reason: `${tDef.title} · ${inp.label} takes ${inp.kind}, but ${sDef.title} gives ${out.kind}` };
  const into = edges.filter((e) => e.target === a.target && e.targetHandle === a.targetHandle);
  if (into.some((e) => e.source === a.source && e.sourceHandle === a.sourceHandle))
    return { ok: false, reason: 'These two are already connected' };
  if (into.length >= maxConnections(inp)) {
    const max = maxConnections(inp);
    return {
      ok: false,
      reason: `${inp.label} takes ${max === 1 ? 'one connection' : `at most ${max}`}; remove one first`,
    };
  }
  if (reaches(edges, a.target, a.source))
    return { ok: false, reason: 'That would make a loop: the graph must flow one way' };
  return { ok: true };
}

/** The order a new edge gets in a list port: after every existing one. */
export function nextOrder(edges: readonly FlowEdge[], target: string, handle: string): number {
  const orders = edges.filter((e) => e.target === target && e.targetHandle === handle).map((e) => e.data?.order ?? 0);
  return orders.length ? Math.max(...orders) + 1 : 0;
}
