import { useState } from 'react';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { save, saveAs } from '../templates/template-actions.ts';
import { useUi } from '../ui-store.ts';
import './replace-dialog.css';

const UNTITLED = 'Untitled pipeline';

/**
 * The one question every load asks before it replaces unsaved work (a template, a starter, a past run, an import, a
 * dropped file, a link): save first, replace, or cancel. Cancel is focused, so Enter never throws work away.
 */
export function ReplaceDialog() {
  const store = useEditorStore();
  const pending = useUi((s) => s.pendingOpen);
  const template = useEditor((s) => s.template);
  // A template saved before is saved in place; a first save needs a name, asked for right here.
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState(template.name === UNTITLED ? '' : template.name);
  if (!pending) return null;
  const close = () => useUi.getState().set({ dialog: null, pendingOpen: null });
  const replace = () => {
    close();
    void pending.open();
  };
  const saveFirst = async () => {
    if (!template.id && !naming) return setNaming(true);
    if (template.id) await save(store);
    else if (name.trim()) await saveAs(store, name.trim());
    else return;
    // A failed or refused save (someone saved since) leaves the work unsaved: nothing is replaced.
    if (!store.getState().dirty) replace();
  };
  return (
    <div className="pf-overlay" onMouseDown={close}>
      <div
        className="pf-dialog pf-replace"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pf-replace-title"
        onMouseDown={(e) => e.stopPropagation()}
        data-testid="replace-dialog"
      >
        <h3 id="pf-replace-title">Replace unsaved work?</h3>
        <p>
          Opening {pending.what} ({pending.nodeCount} {pending.nodeCount === 1 ? 'node' : 'nodes'}) replaces{' '}
          <b>“{template.name}”</b>, which has changes that are not saved.
        </p>
        <p className="pf-muted">Ctrl+Z brings it back while this tab is open; saving keeps it for good.</p>
        {naming && (
          <form
            className="pf-replace__name"
            onSubmit={(e) => {
              e.preventDefault();
              void saveFirst();
            }}
          >
            <label htmlFor="pf-replace-name">Save it as</label>
            <input
              id="pf-replace-name"
              autoFocus
              className="pf-input"
              placeholder="Template name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="replace-save-name"
            />
          </form>
        )}
        <div className="pf-row pf-row--end">
          <button type="button" className="pf-btn" onClick={close} autoFocus={!naming} data-testid="replace-cancel">
            Cancel
          </button>
          <button
            type="button"
            className="pf-btn pf-btn--primary"
            disabled={naming && !name.trim()}
            onClick={() => void saveFirst()}
            data-testid="replace-save"
          >
            {naming ? 'Save, then open' : 'Save first'}
          </button>
          <button type="button" className="pf-btn pf-btn--danger" onClick={replace} data-testid="replace-confirm">
            Replace
          </button>
        </div>
      </div>
    </div>
  );
}
