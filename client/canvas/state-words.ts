import type { NodeState } from '../../shared/events.ts';

/** A node's state as its pill says it, on the canvas and on the form page alike. */
export const STATE_WORD: Record<NodeState, string> = {
  pending: 'waiting', queued: 'queued', running: 'running', cached: 'cached', done: 'done', failed: 'failed',
  skipped: 'skipped', cancelled: 'cancelled', uncertain: 'check fal',
};
