import { useState } from 'react';
import { NODE_DEFS, operationTitle } from '../../shared/registry.ts';
import { CATEGORY_COLORS } from '../canvas/category-style.ts';
import '../canvas/model-picker.css';
import { matchDefs } from './match-defs.ts';
import { useAddAtCenter } from './use-add-at-center.ts';

/** The keyboard way to add a node: type, arrow to choose, Enter to place it in the middle of the view. */
export function QuickAdd({ initial, onClose }: { initial: string; onClose: () => void }) {
  const [query, setQuery] = useState(initial);
  const [active, setActive] = useState(0);
  const add = useAddAtCenter();
  const hits = matchDefs(NODE_DEFS, query).slice(0, 8);
  const choose = (type: string) => {
    add(type);
    onClose();
  };
  return (
    <div className="pf-overlay" onMouseDown={onClose}>
      <div className="pf-quick" onMouseDown={(e) => e.stopPropagation()} data-testid="quick-add">
        <input
          autoFocus
          className="pf-input"
          placeholder="Add a node…"
          value={query}
          data-testid="quick-add-input"
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose();
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, hits.length - 1));
            }
            if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            }
            if (e.key === 'Enter' && hits[active]) choose(hits[active].type);
          }}
        />
        <ul>
          {hits.map((d, i) => (
            <li
              key={d.type}
              className={i === active ? 'is-active' : ''}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(d.type)}
            >
              <span className="pf-dot" style={{ background: CATEGORY_COLORS[d.category] }} />
              <b>{operationTitle(d)}</b>
              {d.variant && <span className="pf-variant-badge">{d.variant}</span>}{' '}
              <span className="pf-muted">{d.description}</span>
            </li>
          ))}
          {!hits.length && <li className="pf-muted">No node matches</li>}
        </ul>
      </div>
    </div>
  );
}
