import { useEffect, useState } from 'react';
import type { BatchPlan } from '../../shared/batch-api.ts';
import { ApiError } from '../api.ts';
import { appApi, type BatchSource, type TemplateForm } from './app-api.ts';
import { BatchList } from './BatchList.tsx';
import { gridCount, gridSource } from './batch-source.ts';
import { PlanSummary } from './PlanSummary.tsx';
import { useBatches } from './use-batches.ts';

/**
 * Many runs of the template: a grid of values (seeds × aspect ratios …) or pasted CSV/JSON, always planned first
 * (count, already made, cost), with an optional budget the server enforces before submitting anything.
 */
export function BatchPanel({ form }: { form: TemplateForm }) {
  const [mode, setMode] = useState<'grid' | 'text'>('grid');
  const [cells, setCells] = useState<Record<string, string>>({});
  const [text, setText] = useState('');
  const [budget, setBudget] = useState('');
  const [plan, setPlan] = useState<BatchPlan | null>(null);
  const [error, setError] = useState('');
  const batches = useBatches(form.id);
  const source: BatchSource | null = mode === 'grid' ? gridSource(form.fields, cells) : text.trim() ? { text } : null;
  const cap = budget.trim() === '' ? undefined : Number(budget);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the inputs are the trigger: a preview is only good for what it previewed
  useEffect(() => setPlan(null), [mode, cells, text]);
  const act = async (what: 'preview' | 'run') => {
    if (!source)
      return setError(mode === 'grid' ? 'Give at least one input some values' : 'Paste CSV or JSON rows first');
    setError('');
    try {
      if (what === 'preview') setPlan(await appApi.previewBatch(form.id, source, cap));
      else batches.add(await appApi.startBatch(form.id, source, cap));
    } catch (err) {
      setError(
        err instanceof ApiError
          ? [err.message, ...err.problems.slice(1).map((p) => p.message)].join(' · ')
          : String(err),
      );
    }
  };
  const names = form.fields.map((f) => f.name).join(',');
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
        form.fields.map((f) => (
          <div key={f.name} className="pf-field">
            <label className="pf-field__label">
              {f.label}{' '}
              <span className="pf-field__hint">
                comma-separated; empty keeps {JSON.stringify(f.default) ?? 'the default'}
              </span>
            </label>
            <input
              className="pf-input"
              value={cells[f.name] ?? ''}
              data-testid={`grid-${f.name}`}
              placeholder={String(f.default ?? '')}
              onChange={(e) => setCells((c) => ({ ...c, [f.name]: e.target.value }))}
            />
          </div>
        ))
      ) : (
        <div className="pf-field">
          <label className="pf-field__label">
            One run per row <span className="pf-field__hint">CSV with a header of input names, or a JSON array</span>
          </label>
          <textarea
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
        {/* "Check plan", not "Preview": a Preview is a free run on the built-in engine; this only counts and prices. */}
        <button type="button" className="pf-btn" onClick={() => void act('preview')} data-testid="batch-preview">
          Check plan
        </button>
        <button
          type="button"
          className="pf-btn pf-btn--primary"
          disabled={!plan}
          onClick={() => void act('run')}
          data-testid="batch-run"
          title={plan ? '' : 'Check the plan first: see what it costs'}
        >
          ▶ Run batch
        </button>
      </div>
      {plan && <PlanSummary plan={plan} budget={cap} />}
      {error && (
        <div className="pf-problem pf-batch__error" data-testid="batch-error">
          {error}
        </div>
      )}
      <BatchList templateId={form.id} batches={batches} />
    </div>
  );
}
