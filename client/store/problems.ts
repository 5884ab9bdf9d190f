import { validateGraph } from '../../shared/validate.ts';
import { problemText } from '../run/node-names.ts';
import type { EditorStore } from './editor-store.ts';
import type { FlowNode } from './types.ts';

/**
 * Re-validates with the shared rules when the document's content changes (a label too: problems are named by it). Drag frames only move positions, so they
 * are recognised (same data objects, same edges) and skipped: validation is not free on large graphs.
 */
export function watchProblems(store: EditorStore): () => void {
  let lastEdges: unknown = null;
  let lastData: unknown[] = [];
  const check = () => {
    const { nodes, edges } = store.getState();
    if (edges === lastEdges && sameData(nodes, lastData)) return;
    lastEdges = edges;
    lastData = nodes.map((n) => n.data);
    // Messages name each node as the canvas does (its label, else its title), never by id.
    const problems = validateGraph({
      nodes: nodes.map((n) => ({ id: n.id, type: n.type ?? '', position: n.position, data: n.data })),
      edges: edges.map((e) => ({ ...e, sourceHandle: e.sourceHandle ?? '', targetHandle: e.targetHandle ?? '' })),
    }).map((p) => ({ ...p, message: problemText(p, nodes) }));
    store.setState({ problems, problemNodes: new Set(problems.flatMap((p) => (p.nodeId ? [p.nodeId] : []))) });
  };
  check();
  return store.subscribe(check);
}

function sameData(nodes: FlowNode[], last: unknown[]): boolean {
  return nodes.length === last.length && nodes.every((n, i) => n.data === last[i]);
}
