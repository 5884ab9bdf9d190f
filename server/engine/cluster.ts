import type { RunEvent, RunEventBody } from '../../shared/events.ts';
import { TERMINAL_RUN } from '../../shared/events.ts';
import type { RunsStore } from '../store/runs-store.ts';
import type { EventLog } from './event-log.ts';
import { nodesInScope } from './prepare-run.ts';
import { ReducedRun } from './reduced-run.ts';
import type { Slots } from './slots.ts';

/**
 * What a team server (issue 14) plugs into the engine so several processes share runs: the API processes store and
 * dispatch runs, workers execute them. Single-process mode passes none of it and works exactly as before.
 * Implemented over Postgres in server/team/ (pg-boss for the run jobs, LISTEN/NOTIFY for events, webhooks, cancels).
 */
export interface EngineCluster {
  /** API processes: a stored run goes to the job queue (a worker's `executeRun` takes it), never executed here. */
  dispatch?(runId: string): Promise<void>;
  /** The fal concurrency limit shared by every worker (instead of this process's own slots). */
  slots?: Slots;
  /** Every event this process stored: other processes learn of it. */
  recorded?(event: RunEvent): void;
  /** Someone here follows `runId`: announce the events other processes store for it. Returns the unwatch. */
  watch?(runId: string, announce: (event: RunEvent) => void): () => void;
  /**
   * A cancel of a run this process does not execute (the request is already kept with the run). `'queued'`: the run's
   * job was taken off the queue before any worker claimed it, so this process records the cancel; `'sent'`: the worker
   * holding it was told, or (none holds it: its worker died) the next worker to take it finds the request stored.
   */
  cancel?(runId: string): Promise<'queued' | 'sent'>;
  /** A fal webhook arrived at this process: wake whichever process waits on it. */
  webhook?(requestId: string): void;
}

/**
 * Ends a run before anything of it started, through the reducer like every other event: each node in scope gets
 * `nodeEvent`, then the run gets `runEvent`. Nothing if the run is gone or already ended.
 */
function endUnstarted(
  runId: string,
  runs: RunsStore,
  log: EventLog,
  nodeEvent: (nodeId: string) => RunEventBody,
  runEvent: RunEventBody,
) {
  const run = runs.get(runId);
  if (!run || TERMINAL_RUN.includes(run.status)) return;
  const reduced = new ReducedRun(run, runs.nodes(runId), run.options.engine ?? 'fal', runs.lastSeq(runId));
  const derive = (e: RunEvent) => reduced.apply(e);
  for (const nodeId of nodesInScope(run.graph, run.options.only)) log.record(runId, nodeEvent(nodeId), derive);
  log.record(runId, runEvent, derive);
}

/**
 * Ends a run no worker can execute (a worker without the engine it asks for) before anything of it started: every node
 * says why it was skipped and the run fails with the same words, so the designer reads what to fix.
 */
export function failUnstarted(runId: string, runs: RunsStore, log: EventLog, message: string) {
  endUnstarted(runId, runs, log, (nodeId) => ({ type: 'node.skipped', nodeId, reason: message }), {
    type: 'run.failed',
    message,
    cost: 0,
  });
}

/**
 * Cancels a run no worker ever started (its job left the queue unclaimed): every node in scope is cancelled and the
 * run with them, so the run reads the same as one cancelled while running.
 */
export function cancelUnstarted(runId: string, runs: RunsStore, log: EventLog) {
  endUnstarted(runId, runs, log, (nodeId) => ({ type: 'node.cancelled', nodeId }), { type: 'run.cancelled' });
}
