import { togglePanel } from '../ui-store.ts';

const RAILS = {
  paletteOpen: { label: 'Nodes', key: '[', what: 'node palette', arrow: '»', testId: 'show-palette' },
  sideOpen: { label: 'Inspector', key: ']', what: 'side panel', arrow: '«', testId: 'show-side' },
} as const;

/** What a folded-away panel leaves: a thin strip that says what is there and brings it back. */
export function PanelRail({ which }: { which: keyof typeof RAILS }) {
  const r = RAILS[which];
  return (
    <aside className={`pf-rail pf-rail--${which === 'paletteOpen' ? 'left' : 'right'}`}>
      <button
        type="button"
        className="pf-rail__btn"
        onClick={() => togglePanel(which)}
        data-testid={r.testId}
        title={`Show the ${r.what} (${r.key})`}
        aria-label={`Show the ${r.what}`}
        aria-keyshortcuts={r.key}
      >
        <span aria-hidden>{r.arrow}</span>
        <span className="pf-rail__label">{r.label}</span>
      </button>
    </aside>
  );
}

/** The small button in an open panel's header that folds it away. */
export function HidePanelButton({ which }: { which: keyof typeof RAILS }) {
  const r = RAILS[which];
  return (
    <button
      type="button"
      className="pf-btn pf-btn--icon pf-hide-panel"
      onClick={() => togglePanel(which)}
      data-testid={`hide-${which === 'paletteOpen' ? 'palette' : 'side'}`}
      title={`Hide the ${r.what} (${r.key})`}
      aria-label={`Hide the ${r.what}`}
      aria-keyshortcuts={r.key}
    >
      <span aria-hidden>{which === 'paletteOpen' ? '«' : '»'}</span>
    </button>
  );
}
