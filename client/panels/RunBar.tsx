import { TERMINAL_RUN } from '../../shared/events.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { cancelRun, startRun } from '../run/run-controller.ts';
import { useEstimate } from './use-estimate.ts';

/** Run / Cancel with the price shown before pressing it, and the run's progress while it goes. */
export function RunBar() {
  const store = useEditorStore();
  const run = useEditor((s) => s.run);
  const problems = useEditor((s) => s.problems.length);
  const empty = useEditor((s) => s.nodes.length === 0);
  const est = useEstimate();
  const active = run && !TERMINAL_RUN.includes(run.status);
  const states = Object.values(run?.nodes ?? {});
  const finished = states.filter((n) => ['done', 'cached', 'failed', 'skipped', 'cancelled'].includes(n.state)).length;
  return (
    <div className="pf-runbar" data-testid="runbar">
      {est && !active && (
        <span className="pf-estimate" data-testid="estimate"
          title={`${est.paid} node(s) will call fal${est.cached ? `, ${est.cached} cached (free)` : ''}${est.guess ? '; some prices are estimates' : ''}`}>
          {est.total > 0 ? `≈ $${est.total.toFixed(2)}` : '$0.00'}
          <span className="pf-muted"> · {est.paid} to generate{est.cached ? ` · ${est.cached} cached` : ''}{est.guess ? ' · est.' : ''}</span>
        </span>
      )}
      {active && (
        <span className="pf-run-progress" data-testid="run-progress">
          <span className="pf-spinner" /> {run.status === 'queued' ? 'Queued' : 'Running'} · {finished}/{states.length || '…'}
        </span>
      )}
      {run && !active && <span className={`pf-run-result pf-run-result--${run.status}`} data-testid="run-status">{run.status}</span>}
      {active ? (
        <button className="pf-btn pf-btn--danger" onClick={() => void cancelRun(store)} data-testid="cancel">■ Cancel</button>
      ) : (
        <button className="pf-btn pf-btn--primary" disabled={empty} onClick={() => void startRun(store)} data-testid="run"
          title={problems ? `${problems} problem(s) to fix first (see the inspector)` : 'Run (Ctrl+Enter)'}>
          ▶ Run
        </button>
      )}
    </div>
  );
}
