import { usd } from '../run/engine-words.ts';
import type { NodePlan } from './plan.ts';
import './plan.css';

/** What the next Run does to this node and what it pays for it, in the node's header, before Run is pressed. */
export function PlanChip({ plan }: { plan: NodePlan }) {
  if (plan.next === 'none') return null;
  const { word, help } = planWords(plan);
  return (
    <span className={`pf-pill pf-next pf-next--${plan.next}`} data-testid="node-plan" title={help}>
      {word}
    </span>
  );
}

export function planWords(plan: NodePlan): { word: string; help: string } {
  if (plan.next === 'cached')
    return { word: 'cached', help: 'Nothing changed here: the next Run reuses this result and pays nothing for it.' };
  const price = plan.cost === undefined ? '' : plan.cost > 0 && !plan.preview ? usd(plan.cost) : 'free';
  const help = plan.preview
    ? `The next Run makes this again as a free preview${plan.cost ? ` (on fal it would cost ${usd(plan.cost)})` : ''}.`
    : plan.cost === undefined
      ? 'The next Run makes this again (its price shows once its settings are valid).'
      : `The next Run makes this again${plan.cost > 0 ? ` and pays ${usd(plan.cost)} for it` : ' (free)'}.`;
  const takes = plan.takes;
  if (takes) {
    // "4 × $0.20": the takes that run and the price of one; a preview says how many, for free.
    const free = plan.preview || !takes.price;
    const made = takes.run < takes.of ? ` (${takes.of - takes.run} of ${takes.of} takes are made already)` : '';
    return {
      word: `will run · ${free ? `${takes.run} takes · free` : `${takes.run} × ${usd(takes.price)}`}`,
      help: help + made,
    };
  }
  return { word: price ? `will run · ${price}` : 'will run', help };
}
