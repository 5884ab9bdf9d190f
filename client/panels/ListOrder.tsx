import type { InputPort } from '../../shared/ports.ts';
import { sortedInto } from '../store/editor-store.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';

/** The order of an ordered list port (keyframes): which node feeds slot 1, 2, 3 …, with moves up and down. */
export function ListOrder({ nodeId, port }: { nodeId: string; port: InputPort }) {
  const store = useEditorStore();
  const edges = useEditor((s) => s.edges);
  const nodes = useEditor((s) => s.nodes);
  const list = sortedInto(edges, nodeId, port.name);
  const name = (id: string) => {
    const n = nodes.find((x) => x.id === id);
    return n?.data.label || n?.id || id;
  };
  return (
    <div className="pf-field" data-testid={`list-${port.name}`}>
      <label className="pf-field__label">
        {port.label} order{' '}
        <span className="pf-field__hint">
          {list.length}/{port.list?.max}
        </span>
      </label>
      {!list.length && (
        <div className="pf-muted">
          Connect {port.list?.min}–{port.list?.max} {port.kind}s to {port.label}
        </div>
      )}
      {list.map((e, i) => (
        <div key={e.id} className="pf-list-row">
          <span className="pf-list-row__n">#{i + 1}</span>
          <span className="pf-list-row__name">{name(e.source)}</span>
          <button
            type="button"
            className="pf-btn pf-btn--icon"
            disabled={i === 0}
            onClick={() => store.getState().moveListEdge(e.id, -1)}
            title="Earlier"
          >
            ↑
          </button>
          <button
            type="button"
            className="pf-btn pf-btn--icon"
            disabled={i === list.length - 1}
            onClick={() => store.getState().moveListEdge(e.id, 1)}
            title="Later"
          >
            ↓
          </button>
        </div>
      ))}
    </div>
  );
}
