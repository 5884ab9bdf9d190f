import { useState } from 'react';
import type { GraphSummary } from '../../shared/api.ts';
import { Thumb } from '../canvas/KeyParams.tsx';
import { useEditorStore } from '../store/context.tsx';
import { duplicate, open, remove, rename } from './template-actions.ts';

/** One saved template: preview, name (renamable in place), and its actions. */
export function TemplateRow({ summary: g, current }: { summary: GraphSummary; current: boolean }) {
  const store = useEditorStore();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(g.name);
  const [confirm, setConfirm] = useState(false);
  return (
    <div className={`pf-list-card pf-template${current ? ' is-current' : ''}`} data-testid={`template-${g.name}`}>
      <div className="pf-template__preview" onClick={() => void open(store, g.id)}>
        {g.preview ? <Thumb url={g.preview} /> : <span>▦</span>}
      </div>
      <div className="pf-template__body">
        {editing ? (
          <input
            autoFocus
            className="pf-input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="rename-input"
            onBlur={() => setEditing(false)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && name.trim()) void rename(store, g.id, name.trim()).then(() => setEditing(false));
              if (e.key === 'Escape') setEditing(false);
            }}
          />
        ) : (
          <div className="pf-template__name" onDoubleClick={() => setEditing(true)}>
            {g.name}
          </div>
        )}
        <div className="pf-muted">
          v{g.version} · {g.nodeCount} nodes · {new Date(g.updatedAt).toLocaleString()}
          {g.createdBy && <span data-testid="template-by"> · by {g.createdBy}</span>}
        </div>
        <div className="pf-row pf-template__actions">
          <button type="button" className="pf-btn" onClick={() => void open(store, g.id)} data-testid="template-open">
            Open
          </button>
          <button type="button" className="pf-btn" onClick={() => setEditing(true)} data-testid="template-rename">
            Rename
          </button>
          <button
            type="button"
            className="pf-btn"
            onClick={() => void duplicate(store, g.id)}
            data-testid="template-duplicate"
          >
            Duplicate
          </button>
          <button
            type="button"
            className={`pf-btn${confirm ? ' pf-btn--danger' : ''}`}
            data-testid="template-delete"
            onBlur={() => setConfirm(false)}
            onClick={() => (confirm ? void remove(store, g.id) : setConfirm(true))}
          >
            {confirm ? 'Really delete?' : 'Delete'}
          </button>
        </div>
      </div>
    </div>
  );
}
