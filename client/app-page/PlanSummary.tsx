import type { BatchPlan } from '../../shared/batch-api.ts';
import { useServerConfig } from '../server-config.ts';

/**
 * What a batch will do before it does it; an over-budget plan says so before anyone presses Run. `stale`: the inputs
 * changed since and the next plan is on its way (shown dimmed, not hidden, so the numbers do not jump).
 */
export function PlanSummary({ plan, budget, stale }: { plan: BatchPlan; budget?: number; stale?: boolean }) {
  // Without a key the batch is a free preview: the total is what fal would charge, not what this will spend. A budget
  // caps money, so the server refuses only a paid batch over it; a preview over it is told so, not warned off.
  const preview = useServerConfig((s) => !!s.config?.localEngine);
  const overOnFal = budget !== undefined && plan.total > budget;
  const over = overOnFal && !preview;
  return (
    <div
      className={`pf-plan${over ? ' is-over' : ''}${stale ? ' is-stale' : ''}`}
      data-testid="batch-plan"
      aria-busy={stale}
    >
      <div className="pf-plan__nums">
        <span>
          <b data-testid="plan-count">{plan.count}</b> runs
        </span>
        <span>
          <b data-testid="plan-cached">{plan.cachedItems}</b> already made
        </span>
        <span>
          <b data-testid="plan-submissions">{plan.submissions}</b> new generations
        </span>
        <span>
          {preview && 'Free preview · would cost '}
          <b data-testid="plan-total">${plan.total.toFixed(2)}</b>
          {preview && ' on fal'}
          {plan.includesGuesses ? ' (some prices estimated)' : ''}
        </span>
      </div>
      {over && (
        <div className="pf-problem" data-testid="plan-over-budget">
          Over your budget of ${budget.toFixed(2)}: the server will refuse this batch and run nothing.
        </div>
      )}
      {overOnFal && preview && (
        <div className="pf-plan__note" data-testid="plan-preview-budget">
          A free preview spends nothing, so this batch runs. On fal it would cost ${plan.total.toFixed(2)}, over your
          budget of ${budget.toFixed(2)}: with a fal key the server would refuse it.
        </div>
      )}
    </div>
  );
}
