import type { EngineKind } from '../../shared/events.ts';
import { UNCERTAIN_WORDS } from '../../shared/uncertain-words.ts';
import type { NodeRunView } from '../store/types.ts';

/**
 * A submit whose answer never came back: fal may have taken the job (and will charge for it) or not. Nothing is sent
 * again on its own; the designer gets what is needed to check fal's dashboard, and chooses. On a preview the same
 * happened with the free preview engine: no dashboard to check, nothing to pay, so it says that instead.
 */
export function UncertainNote({
  run,
  engine = 'fal',
  onResubmit,
}: {
  run: NodeRunView;
  engine?: EngineKind;
  onResubmit?: () => void;
}) {
  const when = run.submittedAt ? new Date(run.submittedAt) : undefined;
  const words = UNCERTAIN_WORDS[engine];
  return (
    <div className="pf-uncertain" data-testid="node-uncertain" data-engine={engine} title={run.log}>
      <div className="pf-uncertain__title">{words.title}</div>
      <div className="pf-status-line">{words.explain}</div>
      <dl className="pf-uncertain__facts">
        {run.endpoint && (
          <>
            <dt>Model</dt>
            <dd>
              <code data-testid="uncertain-endpoint">{run.endpoint}</code>
            </dd>
          </>
        )}
        {when && (
          <>
            <dt>Sent</dt>
            <dd data-testid="uncertain-time" title={run.submittedAt}>
              {when.toLocaleString()}
            </dd>
          </>
        )}
      </dl>
      {onResubmit && (
        <button type="button" className="pf-btn pf-btn--warn nodrag" onClick={onResubmit} data-testid="resubmit">
          {words.resubmitLabel}
        </button>
      )}
    </div>
  );
}
