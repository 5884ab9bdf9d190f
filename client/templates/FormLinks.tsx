import { formLink } from '../app-page/app-api.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { copyFormLink } from './form-link.ts';
import './form-links.css';

/**
 * The saved template's form page, two ways: copy its address to hand on, or open it here in a new tab to try it.
 * The form runs the saved version, so with unsaved edits both say so.
 */
export function FormLinks() {
  const store = useEditorStore();
  const id = useEditor((s) => s.template.id);
  const dirty = useEditor((s) => s.dirty);
  if (!id) return null;
  const saved = dirty ? ' It runs the saved version: save to include your latest changes.' : '';
  return (
    <>
      <button
        type="button"
        className="pf-btn"
        onClick={() => void copyFormLink(store)}
        data-testid="copy-form-link"
        title={`A page with this template's inputs as a form (no canvas), to hand to anyone.${saved}`}
      >
        Copy form link
      </button>
      <a
        className="pf-btn"
        href={formLink(id)}
        target="_blank"
        rel="noopener"
        data-testid="open-form"
        title={`Open this template's form page in a new tab.${saved}`}
      >
        Open form ↗
      </a>
    </>
  );
}
