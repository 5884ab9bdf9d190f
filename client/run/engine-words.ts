import type { EngineKind } from '../../shared/events.ts';

/**
 * How the UI names the engine that made something and what it cost, in one place, so the canvas, the run history and
 * the form page say it the same way and a preview's estimate is never shown as money spent.
 */

export const usd = (n: number) => `$${n.toFixed(2)}`;

/** Short tag beside a run or a result. */
export const ENGINE_TAG: Record<EngineKind, string> = {
  local: 'Preview · local engine',
  fal: 'Pika on fal',
};

/** The longer "what is this?" answer, for tooltips. */
export const ENGINE_HELP: Record<EngineKind, string> = {
  local:
    'Made by the free preview engine on this computer: a quick sketch of what the pipeline does, not a Pika video.',
  fal: 'Made by Pika on fal.ai (paid).',
};

/** Money for a run or a node: spent on fal, or for a preview "free" with what fal would have charged. */
export function costWords(engine: EngineKind, cost: number | undefined, estimate?: number): string {
  if (engine === 'local') return estimate ? `free · would cost ${usd(estimate)} on fal` : 'free';
  return usd(cost ?? 0);
}
