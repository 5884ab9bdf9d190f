import { useEditor, useEditorStore } from './store/context.tsx';
import { RunBar } from './panels/RunBar.tsx';
import { SignOut } from './sign-in/SignOut.tsx';
import { save } from './templates/template-actions.ts';
import { MoreMenu } from './top-bar/MoreMenu.tsx';
import { useUi } from './ui-store.ts';
import { useLayout } from './use-layout.ts';
import './top-bar/top-bar.css';

/**
 * One line from 1280 px up, nothing cut: name and save state, then Save and the everyday buttons with the rest behind
 * "⋯" (form links, export, import, theme); running on the right; who is signed in at the far right (Figma, n8n).
 */
export function TopBar() {
  const store = useEditorStore();
  const template = useEditor((s) => s.template);
  const dirty = useEditor((s) => s.dirty);
  const layout = useLayout();
  return (
    <header className="pf-topbar">
      <div className="pf-brand">
        pika<b>flow</b>
      </div>
      <input
        className="pf-input pf-docname"
        value={template.name}
        data-testid="doc-name"
        aria-label="Pipeline name"
        title={template.name}
        onChange={(e) => store.getState().relink({ ...template, name: e.target.value }, true)}
      />
      <span className={`pf-savestate${dirty ? ' is-dirty' : ''}`} data-testid="save-state">
        {dirty ? 'Unsaved changes' : template.id ? `Saved · v${template.version ?? 1}` : 'Not saved'}
      </span>
      <nav className="pf-actions" aria-label="Document">
        <button type="button" className="pf-btn" onClick={() => void save(store)} data-testid="save" title="Ctrl+S">
          Save
        </button>
        <button
          type="button"
          className="pf-btn"
          onClick={() => useUi.getState().set({ tab: 'templates' })}
          data-testid="open-templates"
        >
          Templates
        </button>
        <button type="button" className="pf-btn" onClick={() => void layout()} title="Shift+L" data-testid="layout">
          Tidy up
        </button>
        <MoreMenu />
        <button
          type="button"
          className="pf-btn pf-btn--icon"
          onClick={() => useUi.getState().set({ dialog: 'help' })}
          title="Shortcuts (?)"
          aria-label="Keyboard shortcuts"
          data-testid="shortcuts-help"
        >
          ?
        </button>
      </nav>
      <RunBar />
      <SignOut />
    </header>
  );
}
