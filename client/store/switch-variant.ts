import type { z } from 'zod';
import type { NodeDef } from '../../shared/define-node.ts';
import { maxConnections } from '../../shared/ports.ts';
import { getNodeDef, initialParams, variantsOf } from '../../shared/registry.ts';
import type { FlowEdge, FlowNode, Snapshot } from './types.ts';

/**
 * Switching a node to another version of its operation (issue 13): the wires and params the new version can take
 * stay; the rest is put aside (params) or removed (wires). Pure, so the store and the tests share it.
 */

/** Whether `to` can take `value` for its param `key`. */
function takes(to: NodeDef, key: string, value: unknown): boolean {
  const field = to.params.shape[key] as z.ZodType | undefined;
  return !!field && field.safeParse(value).success;
}

/**
 * The params of a node switched to `to`. Values put aside earlier come back first (an edit of that field since clears
 * its aside value, see setParams), then the current values the new version takes; a current value it cannot take
 * (absent there, or not valid there) goes aside. Fields nobody set start at the new version's defaults.
 */
export function switchParams(
  to: NodeDef,
  params: Record<string, unknown>,
  aside: Record<string, unknown> = {},
): { params: Record<string, unknown>; aside?: Record<string, unknown> } {
  const kept: Record<string, unknown> = {};
  const away: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(aside))
    if (takes(to, k, v)) kept[k] = v;
    else away[k] = v;
  for (const [k, v] of Object.entries(params)) {
    if (k in kept || v === undefined) continue;
    if (takes(to, k, v)) kept[k] = v;
    else away[k] = v;
  }
  return { params: { ...initialParams(to), ...kept }, ...(Object.keys(away).length ? { aside: away } : {}) };
}

/** The wires of `nodeId` that still fit once it is `to` (same port name and kind, within the port's count). */
function fittingEdges(edges: FlowEdge[], nodeId: string, from: NodeDef, to: NodeDef): Set<string> {
  const fits = new Set<string>();
  const perPort = new Map<string, number>();
  const sorted = edges
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.data?.order ?? a.i) - (b.e.data?.order ?? b.i) || a.i - b.i);
  for (const { e } of sorted) {
    if (e.target === nodeId) {
      const was = from.inputs.find((p) => p.name === e.targetHandle);
      const port = to.inputs.find((p) => p.name === e.targetHandle);
      const count = perPort.get(port?.name ?? '') ?? 0;
      if (!port || port.kind !== was?.kind || count >= maxConnections(port)) continue;
      perPort.set(port.name, count + 1);
    }
    if (e.source === nodeId) {
      const was = from.outputs.find((p) => p.name === e.sourceHandle);
      const port = to.outputs.find((p) => p.name === e.sourceHandle);
      if (!port || port.kind !== was?.kind) continue;
    }
    fits.add(e.id);
  }
  return fits;
}

export interface VariantSwitch {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Wires the new version cannot take, with the port as the designer saw it ('Keyframes input'). */
  removed: { edge: FlowEdge; port: string }[];
}

/** The document with `nodeId` switched to `type`, or undefined when `type` is not another version of its operation. */
export function planSwitch(doc: Snapshot, nodeId: string, type: string): VariantSwitch | undefined {
  const node = doc.nodes.find((n) => n.id === nodeId);
  const from = node && getNodeDef(node.type ?? '');
  const to = getNodeDef(type);
  if (!node || !from || !to || from === to || !variantsOf(from).includes(to)) return undefined;
  const { params, aside } = switchParams(to, node.data.params, node.data.aside);
  const { aside: _old, ...data } = node.data;
  const nodes = doc.nodes.map((n) =>
    n.id === nodeId ? { ...n, type, data: { ...data, params, ...(aside ? { aside } : {}) } } : n,
  );
  const fits = fittingEdges(
    doc.edges.filter((e) => e.source === nodeId || e.target === nodeId),
    nodeId,
    from,
    to,
  );
  const removed: VariantSwitch['removed'] = [];
  const edges = doc.edges.filter((e) => {
    if ((e.source !== nodeId && e.target !== nodeId) || fits.has(e.id)) return true;
    const into = e.target === nodeId;
    const label = into
      ? from.inputs.find((p) => p.name === e.targetHandle)?.label
      : from.outputs.find((p) => p.name === e.sourceHandle)?.label;
    removed.push({
      edge: e,
      port: `${label ?? (into ? e.targetHandle : e.sourceHandle)} ${into ? 'input' : 'output'}`,
    });
    return false;
  });
  return { nodes, edges, removed };
}

/** What the toast says when wires had to go: which version, how many wires and at which ports, and the way back. */
export function removedWords(to: NodeDef, removed: VariantSwitch['removed']): string {
  const ports = [...new Set(removed.map((r) => r.port))].join(', ');
  const one = removed.length === 1;
  return `Switched to ${to.title}: removed ${one ? '1 wire' : `${removed.length} wires`} it cannot take (${ports}). Ctrl+Z brings ${one ? 'it' : 'them'} back.`;
}
