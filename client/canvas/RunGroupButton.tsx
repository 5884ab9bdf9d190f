import { useEditor, useEditorStore } from '../store/context.tsx';
import { runnableMembers } from '../store/group-geometry.ts';
import type { FlowNode } from '../store/types.ts';
import { runGroup } from './annotation-menus.ts';

/** The inspector's action for a group (it has no "Run up to here": a frame does not run, its nodes do). */
export function RunGroupButton({ node }: { node: FlowNode }) {
  const store = useEditorStore();
  const busy = useEditor((s) => !!s.run && ['queued', 'running'].includes(s.run.status));
  const count = useEditor((s) => runnableMembers(node, s.nodes).length);
  return (
    <div className="pf-row">
      <button
        type="button"
        className="pf-btn"
        disabled={busy || !count}
        data-testid="run-group"
        title={count ? "Run only this group's nodes (what they need comes from the cache or runs too)" : undefined}
        onClick={() => runGroup(store, node)}
      >
        ▶ Run group
      </button>
      {!count && <span className="pf-muted">Drag nodes into the frame to run them together</span>}
    </div>
  );
}
