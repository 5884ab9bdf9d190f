import { RunHistory } from './RunHistory.tsx';
import { Inspector } from './Inspector.tsx';
import { HidePanelButton } from './PanelRail.tsx';
import { TemplatesPanel } from '../templates/TemplatesPanel.tsx';
import { useUi, type SideTab } from '../ui-store.ts';

const TABS: { id: SideTab; label: string }[] = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'runs', label: 'Runs' },
  { id: 'templates', label: 'Templates' },
];

/** The right column: edit the selection, look back at runs, or open a template. */
export function SidePanel() {
  const tab = useUi((s) => s.tab);
  return (
    <aside className="pf-side">
      <div className="pf-side__head">
        <div className="pf-tabs" role="tablist">
          {TABS.map((t) => (
            <button
              type="button"
              key={t.id}
              role="tab"
              aria-selected={tab === t.id}
              className={`pf-tab${tab === t.id ? ' is-active' : ''}`}
              onClick={() => useUi.getState().set({ tab: t.id })}
              data-testid={`tab-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </div>
        <HidePanelButton which="sideOpen" />
      </div>
      <div className="pf-side__body">
        {tab === 'inspector' && <Inspector />}
        {tab === 'runs' && <RunHistory />}
        {tab === 'templates' && <TemplatesPanel />}
      </div>
    </aside>
  );
}
