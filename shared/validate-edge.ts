import type { Graph } from './graph.ts';
import { kindFits } from './ports.ts';
import type { Problem } from './problem.ts';
import { getNodeDef } from './registry.ts';
import { carriedKind, type WireLookup } from './wire-kind.ts';

type Shape = Pick<Graph, 'nodes' | 'edges'>;

/** What is wrong with one edge: a missing end, a port its node does not have, or a kind its input does not take. */
export function checkEdge(
  e: Shape['edges'][number],
  byId: Map<string, Shape['nodes'][number]>,
  wires: WireLookup,
): Problem[] {
  const source = byId.get(e.source);
  const target = byId.get(e.target);
  const missing = [!source && e.source, !target && e.target].filter(Boolean);
  if (missing.length)
    return [{ code: 'missing-node', edgeId: e.id, message: `Edge "${e.id}" connects to missing node "${missing[0]}"` }];
  const sDef = getNodeDef(source!.type);
  const tDef = getNodeDef(target!.type);
  if (!sDef || !tDef) return []; // reported as unknown-type on the node
  const out = sDef.outputs.find((p) => p.name === e.sourceHandle);
  const inp = tDef.inputs.find((p) => p.name === e.targetHandle);
  if (!out)
    return [
      {
        code: 'missing-handle',
        edgeId: e.id,
        nodeId: e.source,
        port: e.sourceHandle,
        message: `${sDef.title} "${e.source}" has no output "${e.sourceHandle}"`,
      },
    ];
  if (!inp)
    return [
      {
        code: 'missing-handle',
        edgeId: e.id,
        nodeId: e.target,
        port: e.targetHandle,
        message: `${tDef.title} "${e.target}" has no input "${e.targetHandle}"`,
      },
    ];
  // A reroute's output carries what feeds it; one fed by nothing yet is reported as its own missing input.
  const kind = carriedKind(wires, e.source, out.name);
  if (kind !== 'any' && !kindFits(kind, inp))
    return [
      {
        code: 'kind-mismatch',
        edgeId: e.id,
        nodeId: e.target,
        port: inp.name,
        message: `${tDef.title} "${e.target}": input "${inp.label}" takes ${inp.kind}, but "${e.source}" gives ${kind}`,
      },
    ];
  return [];
}
