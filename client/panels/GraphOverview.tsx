import { useEditor, useEditorStore } from '../store/context.tsx';
import { reveal } from './reveal.ts';

/** With nothing selected: what the graph still needs before it can run, each problem a click away from its node. */
export function GraphOverview() {
  const store = useEditorStore();
  const problems = useEditor((s) => s.problems);
  const count = useEditor((s) => s.nodes.length);
  return (
    <div className="pf-inspector pf-pad" data-testid="overview">
      <h3>Pipeline</h3>
      <p className="pf-muted">{count} nodes. Select a node to edit it; Shift-drag to select several.</p>
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
