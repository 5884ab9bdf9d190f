import { useState } from 'react';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { resolveConflict, saveAs } from '../templates/template-actions.ts';
import { useUi } from '../ui-store.ts';
import { HelpOverlay } from './HelpOverlay.tsx';
import { ReplaceDialog } from './ReplaceDialog.tsx';

/** The one open dialog, if any. */
export function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  if (dialog === 'help') return <HelpOverlay />;
  if (dialog === 'save-as') return <SaveAsDialog />;
  if (dialog === 'conflict') return <ConflictDialog />;
  if (dialog === 'replace') return <ReplaceDialog />;
  return null;
}

function SaveAsDialog() {
  const store = useEditorStore();
  const current = useEditor((s) => s.template.name);
  const [name, setName] = useState(current === 'Untitled pipeline' ? '' : current);
  const close = () => useUi.getState().set({ dialog: null });
  const submit = () => name.trim() && void saveAs(store, name.trim());
  return (
    <div className="pf-overlay" onMouseDown={close}>
      <form
        className="pf-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        data-testid="save-dialog"
      >
        <h3>Save as template</h3>
        <input
          autoFocus
          className="pf-input"
          placeholder="Template name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="save-name"
        />
        <div className="pf-row pf-row--end">
          <button type="button" className="pf-btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="pf-btn pf-btn--primary" disabled={!name.trim()} data-testid="save-confirm">
            Save
          </button>
        </div>
      </form>
    </div>
  );
}

function ConflictDialog() {
  const store = useEditorStore();
  return (
    <div className="pf-overlay">
      <div className="pf-dialog" data-testid="conflict-dialog">
        <h3>Someone saved this template since you opened it</h3>
        <p className="pf-muted">Your changes are not saved yet. Choose what to keep:</p>
        <div className="pf-col">
          <button
            type="button"
            className="pf-btn"
            onClick={() => void resolveConflict(store, 'reload')}
            data-testid="conflict-reload"
          >
            Load their version (undo brings yours back)
          </button>
          <button
            type="button"
            className="pf-btn"
            onClick={() => void resolveConflict(store, 'copy')}
            data-testid="conflict-copy"
          >
            Save mine as a copy
          </button>
          <button
            type="button"
            className="pf-btn pf-btn--danger"
            onClick={() => void resolveConflict(store, 'overwrite')}
            data-testid="conflict-overwrite"
          >
            Overwrite theirs with mine
          </button>
        </div>
      </div>
    </div>
  );
}
