import type { NodeRunView } from '../store/types.ts';

/**
 * A submit whose answer never came back: fal may have taken the job (and will charge for it) or not. Nothing is sent
 * again on its own; the designer gets what is needed to check fal's dashboard, and chooses.
 */
export function UncertainNote({ run, onResubmit }: { run: NodeRunView; onResubmit?: () => void }) {
  const when = run.submittedAt ? new Date(run.submittedAt) : undefined;
  return (
    <div className="pf-uncertain" data-testid="node-uncertain" title={run.log}>
      <div className="pf-uncertain__title">A job may exist on fal</div>
      <div className="pf-status-line">
        This job was sent to fal but no answer came back, so fal may be making it, and charging for it. Look for it
        in your fal dashboard:
      </div>
      <dl className="pf-uncertain__facts">
        {run.endpoint && <><dt>Model</dt><dd><code data-testid="uncertain-endpoint">{run.endpoint}</code></dd></>}
        {when && (
          <><dt>Sent</dt><dd data-testid="uncertain-time" title={run.submittedAt}>{when.toLocaleString()}</dd></>
        )}
      </dl>
      {onResubmit && (
        <button className="pf-btn pf-btn--warn nodrag" onClick={onResubmit} data-testid="resubmit">
          Submit again — may cost twice
        </button>
      )}
    </div>
  );
}
