import { useEffect, useRef } from 'react';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { grownFrame, membersOf } from '../store/group-geometry.ts';
import type { FlowNode } from '../store/types.ts';

type Size = { w: number; h: number };
const sizeOf = (n: FlowNode): Size | undefined =>
  n.measured?.width && n.measured?.height ? { w: n.measured.width, h: n.measured.height } : undefined;

/**
 * An open group grows when a node inside it grows (a preview, takes or a longer text appeared), so the frame keeps
 * holding what it holds. Only growth counts, not moves: a node dragged across the border leaves the group as before,
 * and a node first measured (a load, a drop) is taken as it is. The new size is stored (it is saved with the graph) but
 * is no undo step of its own: undo would only shrink the frame for it to grow straight back.
 */
export function useFrameGrowth(id: string) {
  const store = useEditorStore();
  const sizes = useEditor((s) => {
    const g = s.nodes.find((n) => n.id === id);
    if (!g || g.data.params.collapsed) return '';
    return membersOf(g, s.nodes)
      .map((n) => `${n.id}:${n.measured?.width ?? ''}x${n.measured?.height ?? ''}`)
      .join('|');
  });
  const seen = useRef(new Map<string, Size>());
  // biome-ignore lint/correctness/useExhaustiveDependencies: `sizes` is the trigger; the effect reads the store itself
  useEffect(() => {
    const { nodes } = store.getState();
    const g = nodes.find((n) => n.id === id);
    if (!g || g.data.params.collapsed) return;
    const members = membersOf(g, nodes);
    const grew = members.filter((m) => {
      const before = seen.current.get(m.id);
      const now = sizeOf(m);
      return before && now && (now.w > before.w + 0.5 || now.h > before.h + 0.5);
    });
    seen.current = new Map(members.flatMap((m) => (sizeOf(m) ? [[m.id, sizeOf(m)!] as const] : [])));
    const size = grew.length ? grownFrame(g, grew) : undefined;
    if (!size) return;
    store.setState({
      nodes: nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, params: { ...n.data.params, ...size } } } : n)),
    });
  }, [sizes, id, store]);
}
