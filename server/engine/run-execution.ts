import { setMaxListeners } from 'node:events';
import type { NodeRecord, RunRecord, RunsStore } from '../store/runs-store.ts';
import type { EventLog } from './event-log.ts';
import { NodeScheduler } from './node-scheduler.ts';
import type { NodeRunnerDeps } from './node-runner.ts';
import type { EngineTarget } from './publisher.ts';
import { finalEvent } from './run-finish.ts';
import { RunLedger } from './run-ledger.ts';
import { planRun, type RunPlan } from './run-plan.ts';
import { RunRequests } from './run-requests.ts';
import { runOutputs } from './run-wiring.ts';
import { isKeyOf } from './takes.ts';

/**
 * One run, scheduled as a ready-queue (design.md §3, node-scheduler.ts): each node keeps a count of unfinished inputs
 * and starts the moment it reaches zero, so a fast branch never waits for an unrelated slow one. State is owned by the
 * shared reducer (run-ledger.ts). Also resumes a run after a restart: finished nodes are taken from the store, nodes
 * with a stored request id are re-attached. This class owns how a run ends: finished, cancelled, or stopped.
 */
export class RunExecution {
  private readonly controller = new AbortController();
  /** Aborted only when the server stops: billed results are still kept after a cancel. */
  private readonly stopping = new AbortController();
  private readonly ledger: RunLedger;
  private readonly requests = new RunRequests();
  private readonly plan: RunPlan;
  private readonly scheduler: NodeScheduler;
  private finishing = false;
  private resolveDone!: () => void;
  /** Resolves when the run reached a terminal state (or the server stopped it). */
  readonly done = new Promise<void>((r) => (this.resolveDone = r));

  constructor(
    private readonly run: RunRecord,
    nodes: NodeRecord[],
    private readonly deps: NodeRunnerDeps & { runs: RunsStore; log: EventLog; target: EngineTarget; mediaDir: string },
  ) {
    // Every in-flight node of a wide fan-out listens on this one signal; that is expected, not a leak.
    setMaxListeners(0, this.controller.signal);
    setMaxListeners(0, this.stopping.signal);
    this.ledger = new RunLedger(run, nodes, deps);
    this.plan = planRun(run, deps.target.kind);
    this.scheduler = new NodeScheduler({
      run,
      plan: this.plan,
      deps,
      ledger: this.ledger,
      requests: this.requests,
      signal: this.controller.signal,
      keepSignal: this.stopping.signal,
      allFinished: () => void this.finish(),
    });
    // Requests a previous process left at fal: a cancel must reach them, even one that comes before their node runs.
    for (const id of this.plan.scope)
      if (!this.ledger.isFinished(id)) this.requests.adopt(id, this.ledger.state.nodes[id]);
  }

  get id() {
    return this.run.id;
  }

  private allNodesFinished() {
    return [...this.plan.scope].every((id) => this.ledger.isFinished(id));
  }

  /**
   * Starts (or resumes) scheduling; returns at once. A cancel stored while no process held the run (a team's worker
   * died and the run waited for another) is honoured first: the run ends cancelled, its stored requests are cancelled
   * at fal and nothing is submitted. Read now, after the engine lists the run as active, so a cancel stored later is
   * one whose NOTIFY finds it here.
   */
  start() {
    const cancelled = !!this.deps.runs.get(this.run.id)?.cancelRequestedAt;
    if (this.run.status === 'queued' && !cancelled)
      this.ledger.emit({ type: 'run.started', nodes: [...this.plan.scope] });
    this.ledger.restoreOutputs(this.plan.scope, this.deps.media);
    const ready = this.scheduler.begin();
    // A run whose nodes all finished completes (or fails) as what it is, whatever a late cancel says.
    if (cancelled && this.scheduler.unfinished > 0) return void this.cancel();
    this.scheduler.launch(ready);
  }

  private async finish() {
    if (this.ledger.ended || this.finishing) return;
    this.finishing = true;
    const final = await finalEvent({
      run: this.run,
      scope: this.plan.scope,
      state: this.ledger.state,
      mediaDir: this.deps.mediaDir,
      requestIdFor: this.deps.runs.requestIdFor,
      outputs: () =>
        runOutputs(this.run.graph, this.plan.scope, this.plan.downstream, (id) => this.ledger.state.nodes[id]?.outputs),
    });
    this.ledger.emit(final);
    this.ledger.ended = true;
    this.resolveDone();
  }

  /**
   * Cancels in-flight fal requests and marks every unfinished node cancelled. A run whose nodes have all finished is
   * not cancelled: it completes (or fails) with what its nodes recorded, whatever a late cancel says.
   */
  async cancel() {
    if (this.ledger.ended) return;
    if (this.finishing || this.allNodesFinished()) return this.done;
    this.requests.cancelling = true;
    this.controller.abort();
    // fal already billed some: their results are kept and their cost counted rather than thrown away.
    const sent = await this.requests.cancelAll(this.deps.target.fal);
    // The last nodes may have finished while the cancels were out: then the run ends as what it is.
    if (this.ledger.ended || this.finishing) return this.done;
    if (this.allNodesFinished()) return void (await this.finish());
    const paidEngine = this.deps.target.kind === 'fal';
    for (const id of this.plan.scope) {
      if (this.ledger.isFinished(id)) continue;
      const wasAtFal = sent.some((key) => isKeyOf(key, id));
      this.scheduler.nodeEvent(id, {
        type: 'node.cancelled',
        nodeId: id,
        ...(wasAtFal && paidEngine ? { note: 'Cancel sent to fal; a job already running may still be billed' } : {}),
      });
    }
    this.ledger.emit({ type: 'run.cancelled' });
    this.ledger.ended = true;
    this.resolveDone();
  }

  /** Server shutdown: stop following requests without recording anything, so the next start re-attaches. */
  stop() {
    this.stopping.abort();
    this.controller.abort();
    // A run writing its final event (stamping output copies) is let finish: a close that returned mid-stamp left a
    // half-written runs/<id>/ folder behind and an event written after the store closed. `done` resolves after it.
    if (this.finishing) return;
    this.ledger.ended = true;
    this.resolveDone();
  }
}
