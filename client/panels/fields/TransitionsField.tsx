import { getNodeDef } from '../../../shared/registry.ts';
import { useEditor } from '../../store/context.tsx';
import type { FieldProps } from './Field.tsx';

type Row = { duration?: number; prompt?: string };
const DEFAULT_SECONDS = 5;

/**
 * Per-transition rows between ordered keyframes: one row per gap (keyframes − 1). Left empty, every transition
 * takes the default; "Customise" creates exactly as many rows as there are gaps.
 */
export function TransitionsField({ nodeId, value, onChange }: FieldProps) {
  const frames = useEditor((s) => {
    const type = s.nodes.find((n) => n.id === nodeId)?.type ?? '';
    const list = getNodeDef(type)?.inputs.find((p) => p.list);
    return list ? s.edges.filter((e) => e.target === nodeId && e.targetHandle === list.name).length : 0;
  });
  const rows = (value as Row[] | undefined) ?? [];
  const gaps = Math.max(frames - 1, 1);
  const set = (i: number, patch: Row) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  if (!rows.length)
    return (
      <div className="pf-row pf-muted">
        {frames >= 2 ? `${gaps} transitions of ${DEFAULT_SECONDS} s each` : 'Connect keyframes first'}
        <button
          type="button"
          className="pf-btn"
          data-testid="transitions-customise"
          onClick={() => onChange(Array.from({ length: gaps }, () => ({ duration: DEFAULT_SECONDS })))}
        >
          Customise
        </button>
      </div>
    );
  const total = rows.reduce((s, r) => s + (r.duration ?? DEFAULT_SECONDS), 0);
  return (
    <div className="pf-transitions">
      {rows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: transition i is the step from image i to i+1: its position is its identity
        <div key={i} className="pf-transition" data-testid={`transition-${i}`}>
          <span className="pf-transition__n">
            {i + 1}→{i + 2}
          </span>
          <input
            className="pf-input pf-input--narrow"
            type="number"
            min={1}
            value={r.duration ?? DEFAULT_SECONDS}
            onChange={(e) => set(i, { duration: Math.max(1, Math.round(Number(e.target.value) || 1)) })}
            title="Seconds"
          />
          <input
            className="pf-input"
            placeholder="Prompt for this transition (optional)"
            value={r.prompt ?? ''}
            onChange={(e) => set(i, { prompt: e.target.value || undefined })}
          />
          <button
            type="button"
            className="pf-btn pf-btn--icon"
            title="Remove"
            onClick={() => onChange(rows.filter((_, k) => k !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <div className="pf-row pf-muted">
        Total {total} s
        {rows.length !== gaps && frames >= 2 && (
          <button
            type="button"
            className="pf-btn"
            onClick={() => onChange(Array.from({ length: gaps }, (_, k) => rows[k] ?? { duration: DEFAULT_SECONDS }))}
          >
            Match {frames} keyframes
          </button>
        )}
        <button type="button" className="pf-btn" onClick={() => onChange(undefined)}>
          Use defaults
        </button>
      </div>
    </div>
  );
}
