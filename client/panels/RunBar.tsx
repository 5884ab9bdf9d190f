import { TERMINAL_RUN } from '../../shared/events.ts';
import { usd } from '../run/engine-words.ts';
import { useCancelAsked } from '../run/cancel-asked.ts';
import { cancelRun, startRun } from '../run/run-controller.ts';
import { queuedWords, useTeamStatus } from '../run/use-team-status.ts';
import { useServerConfig } from '../server-config.ts';
import { useEditor, useEditorStore } from '../store/context.tsx';
import { reveal, usePanToReveal } from './reveal.ts';
import { useEstimate, type Estimate } from './use-estimate.ts';

/**
 * Run / Cancel with the price shown before pressing it, and the run's progress while it goes. With a FAL_KEY set a free
 * Preview sits beside the paid Run; without one every run is a preview, and the price says what fal *would* charge.
 */
export function RunBar() {
  const store = useEditorStore();
  const run = useEditor((s) => s.run);
  const problems = useEditor((s) => s.problems.length);
  const first = useEditor((s) => s.problems[0]);
  const empty = useEditor((s) => s.nodes.length === 0);
  const config = useServerConfig((s) => s.config);
  const est = useEstimate();
  // The run bar is always on the editor's screen, inside the canvas's context (the form page has neither), so it pans
  // the canvas to whatever a problem, toast or its own "to fix" button reveals.
  usePanToReveal();
  const active = run && !TERMINAL_RUN.includes(run.status);
  const cancelling = useCancelAsked((s) => !!active && s.ids.has(run.id));
  // A team server: a queued run says whether a worker is there to take it.
  const queued = queuedWords(useTeamStatus(run?.status === 'queued'));
  const states = Object.values(run?.nodes ?? {});
  const finished = states.filter((n) =>
    ['done', 'cached', 'failed', 'skipped', 'cancelled', 'uncertain'].includes(n.state),
  ).length;
  const blocked = problems ? `${problems} ${problems === 1 ? 'problem' : 'problems'} to fix first. ` : '';
  const price = est && est.total > 0 ? `≈ ${usd(est.total)}` : '$0.00';
  return (
    <div className="pf-runbar" data-testid="runbar">
      {active && (
        <span
          className="pf-run-progress"
          data-testid="run-progress"
          title={cancelling ? 'Cancel asked: the run ends as soon as what it started at fal has answered' : queued.hint}
        >
          <span className="pf-spinner" />{' '}
          {cancelling
            ? 'Cancelling…'
            : run.status === 'queued'
              ? queued.text
              : run.engine === 'local'
                ? 'Previewing'
                : 'Running'}
          {/* A queued run has no node states yet: a count would read "0/…". */}
          {states.length > 0 && ` · ${finished}/${states.length}`}
        </span>
      )}
      {run && !active && (
        <span className={`pf-run-result pf-run-result--${run.status}`} data-testid="run-status">
          {run.status}
          {run.engine === 'local' && (
            <span className="pf-run-result__engine" data-testid="run-engine">
              {' '}
              · preview
            </span>
          )}
        </span>
      )}
      {active && (
        <button
          type="button"
          className="pf-btn pf-btn--danger"
          onClick={() => void cancelRun(store)}
          disabled={cancelling}
          data-testid="cancel"
        >
          ■ Cancel
        </button>
      )}
      {!active && first && (
        // The first thing to fix, one click from its field: the run would be refused until it is fixed.
        <button
          type="button"
          className="pf-btn pf-runbar__problems"
          data-testid="runbar-problems"
          title={`${first.message}${problems > 1 ? ` (and ${problems - 1} more)` : ''}. Click to show it.`}
          onClick={() => reveal(store, { nodeId: first.nodeId, field: first.field })}
        >
          ⚠ {problems} to fix
        </button>
      )}
      {!active && config?.canPreview && (
        <button
          type="button"
          className="pf-btn pf-btn--preview"
          disabled={empty}
          onClick={() => void startRun(store, { engine: 'local' })}
          data-testid="preview"
          title={
            `${blocked}A free preview made on this computer to check the wiring and timing: not a Pika video.` +
            `${est ? ` A real run would cost ${price} on fal.` : ''} (Ctrl+Shift+Enter)`
          }
        >
          ◇ Preview <span className="pf-btn__note">free</span>
        </button>
      )}
      {!active && est && <EstimateLabel est={est} allPreview={!!config?.localEngine} />}
      {!active && (
        <button
          type="button"
          className="pf-btn pf-btn--primary"
          disabled={empty}
          onClick={() => void startRun(store)}
          data-testid="run"
          title={`${blocked}${config?.canPreview ? `Run on fal: ${price}` : 'Run'} (Ctrl+Enter)`}
        >
          ▶ Run
        </button>
      )}
    </div>
  );
}

/** The price beside Run. Without a key it is what fal *would* charge: the run itself is a free preview. */
function EstimateLabel({ est, allPreview }: { est: Estimate & { current: boolean }; allPreview: boolean }) {
  const price = est.total > 0 ? `≈ ${usd(est.total)}` : '$0.00';
  const what = allPreview ? 'to preview' : 'to generate';
  return (
    <span
      className={`pf-estimate${est.current ? '' : ' pf-estimate--stale'}`}
      data-testid="estimate"
      data-current={est.current}
      aria-busy={!est.current}
      title={`${est.current ? '' : 'Updating for your last change… '}${est.paid} node(s) ${allPreview ? 'to render as a preview' : 'will call fal'}${est.cached ? `, ${est.cached} cached (free)` : ''}${est.guess ? '; some prices are estimates' : ''}`}
    >
      {allPreview ? <>Free{est.total > 0 && <span className="pf-muted"> · {price} on fal</span>}</> : price}
      <span className="pf-muted">
        {' '}
        · {est.paid} {what}
        {est.cached ? ` · ${est.cached} cached` : ''}
        {est.guess ? ' · est.' : ''}
      </span>
    </span>
  );
}
