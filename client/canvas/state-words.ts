import type { EngineKind, NodeState } from '../../shared/events.ts';

/** A node's state as its pill says it, on the canvas and on the form page alike. */
export const STATE_WORD: Record<NodeState, string> = {
  pending: 'waiting',
  queued: 'queued',
  running: 'running',
  cached: 'cached',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
  uncertain: 'check fal',
};

/** The pill's word for a run on `engine`: a preview's unanswered submit has no fal to check. */
export function stateWord(state: NodeState, engine?: EngineKind): string {
  return state === 'uncertain' && engine === 'local' ? 'no answer' : STATE_WORD[state];
}
