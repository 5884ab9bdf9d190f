import { useEffect, useState } from 'react';
import type { RunSummary } from '../../shared/api.ts';
import { api, ApiError } from '../api.ts';
import { Thumb } from '../canvas/KeyParams.tsx';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { runFromDetail } from '../store/run-state.ts';

/** Past runs of the open template: status, cost, outputs; clicking one shows its node states on the canvas. */
export function RunHistory() {
  const store = useEditorStore();
  const graphId = useEditor((s) => s.template.id);
  const runStatus = useEditor((s) => s.run?.status);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!graphId) return;
    api.listRuns(graphId).then(setRuns, (err) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [graphId, runStatus]);
  if (!graphId) return <div className="pf-pad pf-muted">Save this pipeline as a template to keep a history of its runs.</div>;
  const show = async (id: string) => {
    try {
      store.getState().setRun(runFromDetail(await api.getRun(id)));
    } catch (err) {
      store.getState().toast('error', err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <div className="pf-pad" data-testid="run-history">
      <h3>Runs</h3>
      {error && <div className="pf-problem">{error}</div>}
      {runs && !runs.length && <p className="pf-muted">No runs yet.</p>}
      {runs?.map((r) => (
        <button key={r.id} className="pf-history" onClick={() => void show(r.id)} data-testid="history-row">
          <div className="pf-row">
            <span className={`pf-run-result pf-run-result--${r.status}`}>{r.status}</span>
            <span className="pf-muted">{new Date(r.createdAt).toLocaleString()}</span>
            <span className="pf-history__cost">${r.cost.toFixed(2)}</span>
          </div>
          <div className="pf-history__outputs">
            {Object.entries(r.outputs).map(([k, v]) => (/^(https?:|\/)/.test(v) ? <Thumb key={k} url={v} /> : <span key={k} className="pf-chip">{v}</span>))}
          </div>
        </button>
      ))}
    </div>
  );
}
