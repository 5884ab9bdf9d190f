import type { RunDetail } from '../../shared/api.ts';
import type { EngineKind, RunEvent } from '../../shared/events.ts';
import { initialRun, reduceRun } from '../../shared/run-state.ts';
import type { RunView } from './types.ts';

/**
 * The editor keeps no event handling of its own: a run on screen is exactly what the shared reducer returns, the same
 * state the engine persisted and the CLI prints (design.md §3).
 */

/** A run that has just been started: every node pending until events say otherwise. */
export function emptyRun(id: string, engine: EngineKind = 'fal'): RunView {
  return initialRun(id, engine);
}

/**
 * A run loaded by id (after a reload, from history): its stored state is the starting point. `lastSeq` stays 0 so the
 * event stream, replayed from the start, can continue it; the reducer keeps terminal node states as they are.
 */
export function runFromDetail(detail: RunDetail): RunView {
  return {
    ...initialRun(detail.id, detail.engine ?? 'fal'),
    status: detail.status,
    nodes: { ...detail.nodes },
    cost: detail.cost,
    ...(detail.estimate !== undefined ? { estimate: detail.estimate } : {}),
  };
}

/** The run after one event (replayed and foreign events change nothing). */
export function applyRunEvent(run: RunView, ev: RunEvent): RunView {
  return reduceRun(run, ev);
}
