import { useShallow } from 'zustand/react/shallow';
import { getNodeDef } from '../../shared/registry.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import type { FlowNode } from '../store/types.ts';
import { reveal } from './reveal.ts';

/** With nothing selected: what the graph still needs before it can run, each problem a click away from its node. */
export function GraphOverview() {
  const store = useEditorStore();
  const problems = useEditor((s) => s.problems);
  const tally = useEditor(useShallow((s) => nodeTally(s.nodes)));
  const count = tally.nodes;
  return (
    <div className="pf-inspector pf-pad" data-testid="overview">
      <h3>Pipeline</h3>
      <p className="pf-muted" data-testid="overview-count">
        {tally.words}. Select a node to edit it; Shift-drag to select several.
      </p>
      {count > 0 && !problems.length && <div className="pf-ok">Ready to run</div>}
      {problems.slice(0, 30).map((p) => (
        <button
          type="button"
          key={`${p.nodeId ?? ''}:${p.field ?? p.port ?? ''}:${p.code}:${p.message}`}
          className="pf-problem pf-problem--link"
          data-testid="overview-problem"
          title={p.nodeId ? 'Show this node and the field to fix' : undefined}
          onClick={() => reveal(store, { nodeId: p.nodeId, field: p.field })}
        >
          {p.message}
        </button>
      ))}
    </div>
  );
}

const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What the graph holds, in words: the nodes that do the work, then notes and groups by name ("5 nodes · 1 note ·
 * 1 group"). Reroute dots are bends in a wire, not steps a designer counts, so they are left out.
 */
export function nodeTally(nodes: readonly FlowNode[]): { nodes: number; words: string } {
  const canvasItems = new Map<string, number>();
  let working = 0;
  for (const n of nodes) {
    const def = getNodeDef(n.type ?? '');
    if (def?.annotation) canvasItems.set(def.title.toLowerCase(), (canvasItems.get(def.title.toLowerCase()) ?? 0) + 1);
    else if (def?.category !== 'Canvas') working++;
  }
  const words = [counted(working, 'node'), ...[...canvasItems].map(([w, k]) => counted(k, w))].join(' · ');
  return { nodes: working, words };
}
