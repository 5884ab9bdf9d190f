import { useState } from 'react';
import { ApiError } from '../api.ts';
import { plainMessage } from '../run/plain-error.ts';
import { appApi, type BatchSource, type TemplateForm } from './app-api.ts';
import { BatchList } from './BatchList.tsx';
import { cellValues, gridCount, gridSource, isFreeText } from './batch-source.ts';
import { PlanSummary } from './PlanSummary.tsx';
import { useBatchPlan } from './use-batch-plan.ts';
import { useBatches } from './use-batches.ts';
import './batch.css';

/**
 * Many runs of the template: a grid of values (prompts one per line × seeds …) or pasted CSV/JSON. The plan (count,
 * already made, cost) follows the typing, and Run batch runs exactly the plan on screen, with an optional budget the
 * server enforces before submitting anything.
 */
export function BatchPanel({ form }: { form: TemplateForm }) {
  const [mode, setMode] = useState<'grid' | 'text'>('grid');
  const [cells, setCells] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  const [budget, setBudget] = useState('');
  const [runError, setRunError] = useState('');
  const batches = useBatches(form.id);
  const source: BatchSource | null = mode === 'grid' ? gridSource(form.fields, cells) : text.trim() ? { text } : null;
  const cap = budget.trim() === '' || !Number.isFinite(Number(budget)) ? undefined : Number(budget);
  const { plan, shown, checking, error } = useBatchPlan(form.id, source, cap);
  const run = async () => {
    if (!source || !plan) return;
    setRunError('');
    try {
      batches.add(await appApi.startBatch(form.id, source, cap));
    } catch (err) {
      setRunError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const names = form.fields.map((f) => f.name).join(',');
  const shownError = plainMessage(runError || error);
  return (
    <div className="pf-batch" data-testid="batch-panel">
      <div className="pf-row pf-pad">
        <label className="pf-check">
          <input
            type="radio"
            checked={mode === 'grid'}
            onChange={() => setMode('grid')}
            data-testid="batch-mode-grid"
          />{' '}
          Grid
        </label>
        <label className="pf-check">
          <input
            type="radio"
            checked={mode === 'text'}
            onChange={() => setMode('text')}
            data-testid="batch-mode-text"
          />{' '}
          Paste CSV / JSON
        </label>
      </div>
      {mode === 'grid' ? (
        form.fields.map((f) => {
          const free = isFreeText(f);
          const raw = cells[f.name] ?? '';
          const n = cellValues(f, raw).length;
          const set = (v: string) => setCells((c) => ({ ...c, [f.name]: v }));
          const id = `grid-field-${f.name}`;
          return (
            <div key={f.name} className="pf-field">
              <label className="pf-field__label" htmlFor={id}>
                {f.label}{' '}
                <span className="pf-field__hint">
                  {free ? 'one per line' : 'separate with commas or lines'}; empty keeps{' '}
                  {JSON.stringify(f.default) ?? 'the default'}
                  {n > 1 ? ` · ${n} values` : ''}
                </span>
              </label>
              {free ? (
                <textarea
                  id={id}
                  className="pf-input pf-batch__lines"
                  rows={Math.min(Math.max(raw.split('\n').length, 2), 8)}
                  value={raw}
                  data-testid={`grid-${f.name}`}
                  placeholder={String(f.default ?? '')}
                  onChange={(e) => set(e.target.value)}
                />
              ) : (
                <input
                  id={id}
                  className="pf-input"
                  value={raw}
                  data-testid={`grid-${f.name}`}
                  placeholder={String(f.default ?? '')}
                  onChange={(e) => set(e.target.value)}
                />
              )}
            </div>
          );
        })
      ) : (
        <div className="pf-field">
          <label className="pf-field__label" htmlFor="batch-text">
            One run per row <span className="pf-field__hint">CSV with a header of input names, or a JSON array</span>
          </label>
          <textarea
            id="batch-text"
            className="pf-input pf-mono"
            rows={6}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="batch-text"
            placeholder={`${names}\n…`}
          />
        </div>
      )}
      <div className="pf-row pf-pad">
        <label className="pf-check">
          Budget $
          <input
            className="pf-input pf-input--narrow"
            type="number"
            min={0}
            step="any"
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            placeholder="none"
            data-testid="batch-budget"
          />
        </label>
        {mode === 'grid' && source && <span className="pf-muted">{gridCount(source)} runs</span>}
      </div>
      <div className="pf-row pf-pad">
        <button
          type="button"
          className="pf-btn pf-btn--primary"
          disabled={!plan}
          onClick={() => void run()}
          data-testid="batch-run"
          title={
            plan
              ? `Run the ${plan.count} runs planned below`
              : source
                ? 'Working out what this batch costs…'
                : mode === 'grid'
                  ? 'Give at least one input some values'
                  : 'Paste CSV or JSON rows first'
          }
        >
          ▶ Run batch{plan ? ` · ${plan.count}` : ''}
        </button>
        {checking && (
          <span className="pf-muted" data-testid="batch-checking">
            Working out the plan…
          </span>
        )}
      </div>
      {shown && <PlanSummary plan={shown} budget={cap} stale={!plan} />}
      {shownError && (
        <div className="pf-problem pf-batch__error" data-testid="batch-error">
          {shownError}
        </div>
      )}
      <BatchList templateId={form.id} batches={batches} />
    </div>
  );
}
