import { useState } from 'react';
import type { NodeDef } from '../../shared/define-node.ts';
import { CATEGORIES, NODE_DEFS, operationTitle, variantsOf } from '../../shared/registry.ts';
import { CATEGORY_COLORS } from '../canvas/category-style.ts';
import { PALETTE_MIME } from '../canvas/dnd.ts';
import '../canvas/model-picker.css';
import { matchDefs } from './match-defs.ts';
import { HidePanelButton } from './PanelRail.tsx';
import { paletteIcon } from './palette-icon.ts';
import { useAddAtCenter } from './use-add-at-center.ts';

/** The description shown beside the hovered or focused item (fixed, so the scrolling list cannot clip it). */
interface Tip {
  def: NodeDef;
  top: number;
  left: number;
}

/**
 * Every operation from the registry, grouped by category, one compact row each (icon, title and the version a click
 * adds; the description in a tooltip): drag one onto the canvas, or click to add it beside the selected node or in the
 * middle of the view. An operation with several versions is one row (its newest, or the one the search names); the
 * node's header switches versions afterwards.
 */
export function Palette() {
  const [query, setQuery] = useState('');
  const [tip, setTip] = useState<Tip | null>(null);
  const add = useAddAtCenter({ atPointer: false });
  const defs = matchDefs(NODE_DEFS, query);
  const show = (def: NodeDef, el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    setTip({ def, top: r.top, left: r.right + 8 });
  };
  return (
    <aside className="pf-palette" data-testid="palette">
      <div className="pf-palette__head">
        <input
          className="pf-input pf-palette__search"
          placeholder="Search nodes…"
          aria-label="Search nodes"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setTip(null); // the row it described may be gone from the list
          }}
          data-testid="palette-search"
        />
        <HidePanelButton which="paletteOpen" />
      </div>
      {/* Scrolls from the keyboard too (axe scrollable-region-focusable): every item in it is a focusable button. */}
      <section className="pf-palette__list" aria-label="Node types" onScroll={() => setTip(null)}>
        {CATEGORIES.map((cat) => {
          const items = defs.filter((d) => d.category === cat);
          if (!items.length) return null;
          return (
            <section key={cat}>
              <h4 className="pf-palette__cat" style={{ color: CATEGORY_COLORS[cat] }}>
                {cat}
              </h4>
              {items.map((d) => (
                <button
                  type="button"
                  key={d.type}
                  className="pf-palette__item"
                  draggable
                  data-testid={`palette-item-${d.type}`}
                  aria-describedby={tip?.def === d ? 'pf-palette-tip' : undefined}
                  style={{ '--accent': CATEGORY_COLORS[d.category] } as React.CSSProperties}
                  onMouseEnter={(e) => show(d, e.currentTarget)}
                  onFocus={(e) => show(d, e.currentTarget)}
                  onMouseLeave={() => setTip(null)}
                  onBlur={() => setTip(null)}
                  onDragStart={(e) => {
                    setTip(null);
                    e.dataTransfer.setData(PALETTE_MIME, d.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => add(d.type)}
                >
                  <span className="pf-palette__icon" aria-hidden>
                    {paletteIcon(d)}
                  </span>
                  <span className="pf-palette__title">{operationTitle(d)}</span>
                  {d.variant && <span className="pf-variant-badge">{d.variant}</span>}
                </button>
              ))}
            </section>
          );
        })}
        {!defs.length && <p className="pf-muted pf-pad">No node matches “{query}”.</p>}
      </section>
      {tip && (
        <div
          id="pf-palette-tip"
          role="tooltip"
          className="pf-palette__tip"
          style={{ top: tip.top, left: tip.left }}
          data-testid="palette-tip"
        >
          <b>{tip.def.title}</b>
          <span>{tip.def.description}</span>
          {variantsOf(tip.def).length > 1 && <span>{`Models: ${modelNames(tip.def)}, switched on the node`}</span>}
          <span className="pf-muted">Drag onto the canvas, or click to add</span>
        </div>
      )}
    </aside>
  );
}

/** The versions of an operation by name, oldest first ('Turbo · 2.1 · 2.2'). */
const modelNames = (def: NodeDef) =>
  variantsOf(def)
    .map((v) => v.variant)
    .join(' · ');
