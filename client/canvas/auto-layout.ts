import type { XYPosition } from '@xyflow/react';
import { getNodeDef } from '../../shared/registry.ts';
import type { FlowEdge, FlowNode } from '../store/types.ts';

/**
 * A node that shows a picture or a video grows by its preview once it has a result: laid out at its bare height, a
 * starter's rows overlapped each other after the first run. Room for the preview is kept from the start.
 */
const MEDIA_NODE_HEIGHT = 300;

function layoutHeight(n: FlowNode): number {
  const measured = n.measured?.height ?? 140;
  const def = n.type ? getNodeDef(n.type) : undefined;
  const media = def && [...def.inputs, ...def.outputs].some((p) => p.kind !== 'text');
  return media ? Math.max(measured, MEDIA_NODE_HEIGHT) : measured;
}

// elkjs is ~1.4 MB: load it on the first tidy-up, not with the editor.
const loadElk = () => import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
let elkPromise: ReturnType<typeof loadElk> | undefined;

/** Left-to-right layered layout (data flows the way you read), using the nodes' measured sizes. */
export async function autoLayout(nodes: FlowNode[], edges: FlowEdge[]): Promise<Record<string, XYPosition>> {
  const elk = await (elkPromise ??= loadElk());
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    // Notes and group frames stay where the designer put them (they have no wires to lay out).
    children: nodes
      .filter((n) => !getNodeDef(n.type ?? '')?.annotation)
      .map((n) => ({ id: n.id, width: n.measured?.width ?? 240, height: layoutHeight(n) })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return Object.fromEntries((graph.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}
