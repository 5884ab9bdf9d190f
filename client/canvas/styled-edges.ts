import { getNodeDef } from '../../shared/registry.ts';
import { KIND_COLORS } from '../../shared/ports.ts';
import { carriedKind, type WireLookup } from '../../shared/wire-kind.ts';
import { sortedInto } from '../store/editor-store.ts';
import type { FlowEdge, FlowNode } from '../store/types.ts';

/** The wire into a node the next Run makes again (plan.ts): the same amber as its "will run" chip. */
const WILL_RUN = '#f5a524';

/**
 * Render-only decoration: each edge takes its source port's kind colour, and edges into an ordered list port are
 * labelled 1, 2, 3 … so keyframe order is visible on the canvas. Wires into `changed` nodes (a finished run showed
 * them, the next Run makes them again) are amber and dashed. The stored edges stay plain.
 */
export function styleEdges(edges: FlowEdge[], nodes: FlowNode[], changed: ReadonlySet<string> = new Set()): FlowEdge[] {
  const typeOf = new Map(nodes.map((n) => [n.id, n.type ?? '']));
  const wires: WireLookup = {
    typeOf: (id) => typeOf.get(id),
    into: (id, port) => edges.filter((e) => e.target === id && e.targetHandle === port),
  };
  const rank = new Map<string, number>();
  const seenPorts = new Set<string>();
  for (const e of edges) {
    const port = getNodeDef(typeOf.get(e.target) ?? '')?.inputs.find((p) => p.name === e.targetHandle);
    const key = `${e.target}\u0000${e.targetHandle}`;
    if (!port?.list || seenPorts.has(key)) continue;
    seenPorts.add(key);
    for (const [i, x] of sortedInto(edges, e.target, e.targetHandle ?? '').entries()) rank.set(x.id, i + 1);
  }
  return edges.map((e) => {
    const own = getNodeDef(typeOf.get(e.source) ?? '')?.outputs.find((p) => p.name === e.sourceHandle)?.kind;
    // A wire out of a reroute takes the colour of what the reroute carries.
    const kind = own === 'any' ? carriedKind(wires, e.source, e.sourceHandle ?? '') : own;
    const stale = changed.has(e.target);
    const color = stale ? WILL_RUN : kind ? KIND_COLORS[kind] : '#71717a';
    const n = rank.get(e.id);
    return {
      ...e,
      style: { stroke: color, strokeWidth: e.selected ? 3 : 2, ...(stale ? { strokeDasharray: '6 4' } : {}) },
      ...(stale ? { className: [e.className, 'pf-edge--will-run'].filter(Boolean).join(' ') } : {}),
      ...(n
        ? {
            label: `#${n}`,
            labelStyle: { fill: '#fff', fontWeight: 600 },
            labelBgStyle: { fill: color },
            labelBgPadding: [4, 2] as [number, number],
            labelBgBorderRadius: 4,
          }
        : {}),
    };
  });
}
