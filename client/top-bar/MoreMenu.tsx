import { useRef } from 'react';
import { formLink } from '../app-page/app-api.ts';
import type { MenuItem } from '../canvas/ContextMenu.tsx';
import { openOrAsk } from '../open-guard.ts';
import { useEditorStore } from '../store/context.tsx';
import type { EditorStore } from '../store/editor-store.ts';
import { parseGraphJson } from '../store/graph-doc.ts';
import { copyFormLink } from '../templates/form-link.ts';
import { setThemeChoice, useThemeStore, type ThemeChoice } from '../theme.ts';
import { MenuButton } from './MenuButton.tsx';

/**
 * The less-used actions behind one "⋯", as n8n and Figma keep them: the saved template's form page (copy its address,
 * open it), the pipeline as a JSON file (export, import), and the theme. Save, Run and their kin stay buttons.
 */
export function MoreMenu() {
  const store = useEditorStore();
  const file = useRef<HTMLInputElement>(null);
  const items = (): MenuItem[] => [
    ...formLinkItems(store),
    ...jsonItems(store, () => file.current?.click()),
    ...themeItems(),
  ];
  return (
    <>
      <MenuButton
        label="More"
        items={items}
        className="pf-btn pf-btn--icon pf-more"
        title="More: form links, export and import, theme"
        testId="more-menu"
        menuTestId="more-menu-items"
      >
        <span aria-hidden="true">⋯</span>
        <span className="pf-visually-hidden">More</span>
      </MenuButton>
      {/* Outside the menu so it stays mounted: the picker's answer arrives after the menu has closed. */}
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          if (e.target.files?.[0]) void importJson(store, e.target.files[0]);
          e.target.value = '';
        }}
      />
    </>
  );
}

/** The form runs the saved version: before a first save there is no form, and with unsaved edits both items say so. */
function formLinkItems(store: EditorStore): MenuItem[] {
  const { template, dirty } = store.getState();
  const id = template.id;
  const unsaved = !id ? 'Save the template first: its form page is made from the saved version.' : '';
  const saved = dirty ? ' It runs the saved version: save to include your latest changes.' : '';
  return [
    {
      label: 'Copy form link',
      testId: 'copy-form-link',
      disabled: !id,
      title: unsaved || `A page with this template's inputs as a form (no canvas), to hand to anyone.${saved}`,
      run: () => void copyFormLink(store),
    },
    {
      label: 'Open form ↗',
      testId: 'open-form',
      disabled: !id,
      title: unsaved || `Open this template's form page in a new tab.${saved}`,
      run: () => id && window.open(formLink(id), '_blank', 'noopener'),
    },
  ];
}

function jsonItems(store: EditorStore, pick: () => void): MenuItem[] {
  return [
    {
      label: 'Export as JSON',
      divider: true,
      testId: 'export',
      title: 'Download this pipeline as a .json file',
      run: () => exportJson(store),
    },
    { label: 'Import JSON…', testId: 'import', title: 'Open a pipeline from a .json file', run: pick },
  ];
}

const THEMES: { value: ThemeChoice; label: string; help: string }[] = [
  { value: 'system', label: 'System theme', help: "Follow this computer's light or dark setting" },
  { value: 'light', label: 'Light theme', help: 'Always light' },
  { value: 'dark', label: 'Dark theme', help: 'Always dark' },
];

/** The three theme choices as radio items, the current one checked (the same setting as the form page's switch). */
function themeItems(): MenuItem[] {
  const choice = useThemeStore.getState().choice;
  return THEMES.map((t, i) => ({
    label: t.label,
    testId: `theme-${t.value}`,
    title: t.help,
    checked: choice === t.value,
    divider: i === 0,
    run: () => setThemeChoice(t.value),
  }));
}

function exportJson(store: EditorStore) {
  const { template } = store.getState();
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(store.getState().graph(), null, 2)], { type: 'application/json' }),
  );
  const a = Object.assign(document.createElement('a'), { href: url, download: `${slug(template.name)}.json` });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function importJson(store: EditorStore, f: File) {
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
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'pipeline';
