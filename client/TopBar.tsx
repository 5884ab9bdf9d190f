import { useRef } from 'react';
import { useEditor, useEditorStore } from './store/context.tsx';
import { openOrAsk } from './open-guard.ts';
import { parseGraphJson } from './store/graph-doc.ts';
import { RunBar } from './panels/RunBar.tsx';
import { SignOut } from './sign-in/SignOut.tsx';
import { save } from './templates/template-actions.ts';
import { ThemeSwitch } from './ThemeSwitch.tsx';
import { FormLinks } from './templates/FormLinks.tsx';
import { useUi } from './ui-store.ts';
import { useLayout } from './use-layout.ts';

/** Name and save state on the left, document actions in the middle, running on the right. */
export function TopBar() {
  const store = useEditorStore();
  const template = useEditor((s) => s.template);
  const dirty = useEditor((s) => s.dirty);
  const file = useRef<HTMLInputElement>(null);
  const layout = useLayout();
  const exportJson = () => {
    const g = store.getState().graph();
    const url = URL.createObjectURL(new Blob([JSON.stringify(g, null, 2)], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `${slug(template.name)}.json` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const importJson = async (f: File) => {
    const r = parseGraphJson(await f.text());
    if ('error' in r) return store.getState().toast('error', r.error);
    openOrAsk(store, {
      what: `the graph in ${f.name}`,
      nodeCount: r.graph.nodes.length,
      open: () => {
        store.getState().load(r.graph, { name: r.graph.name ?? f.name.replace(/\.json$/, '') }, { dirty: true });
        store.getState().toast('success', `Imported ${f.name} (Ctrl+Z to undo)`);
      },
    });
  };
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
        onChange={(e) => store.getState().relink({ ...template, name: e.target.value }, true)}
      />
      <span className={`pf-savestate${dirty ? ' is-dirty' : ''}`} data-testid="save-state">
        {dirty ? 'Unsaved changes' : template.id ? `Saved · v${template.version ?? 1}` : 'Not saved'}
      </span>
      <nav className="pf-actions">
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
        <FormLinks />
        <button type="button" className="pf-btn" onClick={exportJson} data-testid="export">
          Export
        </button>
        <button type="button" className="pf-btn" onClick={() => file.current?.click()} data-testid="import">
          Import
        </button>
        <button type="button" className="pf-btn" onClick={() => void layout()} title="Shift+L" data-testid="layout">
          Tidy up
        </button>
        <ThemeSwitch />
        <button
          type="button"
          className="pf-btn pf-btn--icon"
          onClick={() => useUi.getState().set({ dialog: 'help' })}
          title="Shortcuts (?)"
        >
          ?
        </button>
        <input
          ref={file}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="import-file"
          onChange={(e) => {
            if (e.target.files?.[0]) void importJson(e.target.files[0]);
            e.target.value = '';
          }}
        />
      </nav>
      <RunBar />
      <SignOut />
    </header>
  );
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'pipeline';
