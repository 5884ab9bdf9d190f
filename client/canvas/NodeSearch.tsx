import { useState, type KeyboardEvent } from 'react';
import type { NodeDef } from '../../shared/define-node.ts';
import { KIND_COLORS, type PortKind } from '../../shared/ports.ts';
import { NODE_DEFS, operationTitle } from '../../shared/registry.ts';
import { matchDefs } from '../panels/match-defs.ts';
import { defsForEnd } from '../store/connection-rules.ts';
import { CATEGORY_COLORS } from './category-style.ts';
import { clampTo } from './ContextMenu.tsx';
import './model-picker.css';
import './wiring.css';

/** What the search is for: a free spot, or the loose end of a wire (the kind it carries, and which way it flows). */
export interface SearchFor {
  at: { x: number; y: number };
  wire?: { kind: PortKind; from: 'source' | 'target'; anchor: { x: number; y: number } };
}

/**
 * The node search that opens where the designer released a wire or double-clicked: a focused text box over the
 * node types that fit there (for a wire pulled from an output, those that take its kind; from an input, those that
 * give it). Arrows choose, Enter places, Escape (or a click elsewhere) closes.
 */
export function NodeSearch({
  spot,
  onPick,
  onClose,
}: {
  spot: SearchFor;
  onPick(def: NodeDef): void;
  onClose(): void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const pool = spot.wire ? defsForEnd(NODE_DEFS, spot.wire.kind, spot.wire.from) : NODE_DEFS;
  const hits = matchDefs(pool, query).slice(0, 9);
  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const d = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + d + hits.length) % Math.max(hits.length, 1));
    } else if (e.key === 'Enter' && hits[active]) onPick(hits[active]);
  };
  const title = spot.wire
    ? spot.wire.from === 'source'
      ? `Add a node that takes ${spot.wire.kind}`
      : `Add a node that gives ${spot.wire.kind === 'any' ? 'a result' : spot.wire.kind}`
    : 'Add a node here';
  return (
    <div className="pf-menu-layer" onMouseDown={onClose}>
      {spot.wire && <PendingWire from={spot.wire.anchor} to={spot.at} kind={spot.wire.kind} />}
      <div
        className="pf-search"
        data-testid="node-search"
        style={clampTo(spot.at, 340, 400)}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <div className="pf-search__title">{title}</div>
        <input
          autoFocus
          className="pf-input"
          placeholder="Search nodes…"
          aria-label={title}
          role="combobox"
          aria-expanded="true"
          aria-controls="pf-search-list"
          aria-activedescendant={hits[active] ? `pf-search-${hits[active].type}` : undefined}
          value={query}
          data-testid="node-search-input"
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <div id="pf-search-list" role="listbox" aria-label="Matching nodes" tabIndex={-1} className="pf-search__list">
          {hits.map((d, i) => (
            <div
              key={d.type}
              id={`pf-search-${d.type}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'is-active' : ''}
              data-testid={`node-search-item-${d.type}`}
              onMouseEnter={() => setActive(i)}
              onClick={() => onPick(d)}
            >
              <span className="pf-dot" style={{ background: CATEGORY_COLORS[d.category] }} />
              {/* One row per operation, as the palette: its title, and the version a pick adds as a badge. */}
              <b>{operationTitle(d)}</b>
              {d.variant && <span className="pf-variant-badge">{d.variant}</span>}
              <span className="pf-muted">{d.category}</span>
            </div>
          ))}
          {!hits.length && <div className="pf-muted pf-search__none">No node fits “{query}”</div>}
        </div>
      </div>
    </div>
  );
}

/** The wire still hangs from its handle to where it was let go while the designer picks what goes there. */
function PendingWire({
  from,
  to,
  kind,
}: {
  from: { x: number; y: number };
  to: { x: number; y: number };
  kind: PortKind;
}) {
  const dx = Math.max(40, Math.abs(to.x - from.x) / 2);
  const sign = to.x >= from.x ? 1 : -1;
  const d = `M${from.x},${from.y} C${from.x + sign * dx},${from.y} ${to.x - sign * dx},${to.y} ${to.x},${to.y}`;
  return (
    <svg className="pf-pending-wire" aria-hidden="true">
      <path d={d} stroke={KIND_COLORS[kind]} />
    </svg>
  );
}
