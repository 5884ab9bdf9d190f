import { useState } from 'react';
import { CATEGORIES, NODE_DEFS } from '../../shared/registry.ts';
import { CATEGORY_COLORS } from '../canvas/category-style.ts';
import { PALETTE_MIME } from '../canvas/dnd.ts';
import { matchDefs } from './match-defs.ts';
import { useAddAtCenter } from './use-add-at-center.ts';

/** Every node type from the registry, grouped by category; drag one onto the canvas or click to add it. */
export function Palette() {
  const [query, setQuery] = useState('');
  const add = useAddAtCenter();
  const defs = matchDefs(NODE_DEFS, query);
  return (
    <aside className="pf-palette" data-testid="palette">
      <input
        className="pf-input pf-palette__search"
        placeholder="Search nodes…  ( / )"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
      />
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so the keyboard can scroll it (WCAG 2.1.1; axe scrollable-region-focusable) */}
      <section className="pf-palette__list" aria-label="Node types" tabIndex={0}>
        {CATEGORIES.map((cat) => {
          const items = defs.filter((d) => d.category === cat);
          if (!items.length) return null;
          return (
            <section key={cat}>
              <h4 className="pf-palette__cat" style={{ color: CATEGORY_COLORS[cat] }}>
                {cat}
              </h4>
              {items.map((d) => (
                <div
                  key={d.type}
                  className="pf-palette__item"
                  draggable
                  data-testid={`palette-item-${d.type}`}
                  title={`${d.description}\nDrag onto the canvas, or click to add`}
                  style={{ '--accent': CATEGORY_COLORS[d.category] } as React.CSSProperties}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(PALETTE_MIME, d.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => add(d.type)}
                >
                  <div className="pf-palette__title">{d.title}</div>
                  <div className="pf-palette__desc">{d.description}</div>
                </div>
              ))}
            </section>
          );
        })}
        {!defs.length && <p className="pf-muted pf-pad">No node matches “{query}”.</p>}
      </section>
    </aside>
  );
}
