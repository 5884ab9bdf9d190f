import { openPending } from '../canvas/drop-open.ts';
import { useEditorStore } from '../store/context.tsx';
import { save } from '../templates/template-actions.ts';
import { useUi } from '../ui-store.ts';

/** A dropped file's graph would replace unsaved work: the designer chooses. */
export function ReplaceDialog() {
  const store = useEditorStore();
  const pending = useUi((s) => s.pendingOpen);
  // Only a template already saved can be saved in place; a first save asks for a name (another dialog).
  const saved = !!store.getState().template.id;
  const close = () => useUi.getState().set({ dialog: null, pendingOpen: null });
  if (!pending) return null;
  const replace = () => {
    close();
    void openPending(store, pending);
  };
  return (
    <div className="pf-overlay" onMouseDown={close}>
      <div className="pf-dialog" onMouseDown={(e) => e.stopPropagation()} data-testid="replace-dialog">
        <h3>Open the graph of {pending.from}?</h3>
        <p className="pf-muted">
          It replaces the canvas, which has unsaved changes ({pending.graph.nodes.length} nodes incoming). Ctrl+Z brings
          your work back, but saving first is safer.
        </p>
        <div className="pf-row pf-row--end">
          <button type="button" className="pf-btn" onClick={close} data-testid="replace-cancel">
            Keep my work
          </button>
          {saved && (
            <button
              type="button"
              className="pf-btn"
              data-testid="replace-save"
              onClick={() => void save(store).then(() => !store.getState().dirty && replace())}
            >
              Save, then open
            </button>
          )}
          <button type="button" className="pf-btn pf-btn--danger" onClick={replace} data-testid="replace-confirm">
            Open it
          </button>
        </div>
      </div>
    </div>
  );
}
