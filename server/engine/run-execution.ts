import { setMaxListeners } from 'node:events';
import type { NodeOutputs } from '../../shared/define-node.ts';
import type { RunEventBody } from '../../shared/events.ts';
import { TERMINAL_NODE } from '../../shared/events.ts';
import { getNodeDef } from '../../shared/registry.ts';
import type { NodeRecord, RunRecord, RunsStore } from '../store/runs-store.ts';
import { bypassStep, skipReason } from './bypass.ts';
import { NodeFailure } from './errors.ts';
import type { EventLog } from './event-log.ts';
import { failureEvent } from './failure-event.ts';
import { nodeJob, type JobHooks } from './node-job.ts';
import { runNode, type NodeRunnerDeps } from './node-runner.ts';
import type { EngineTarget } from './publisher.ts';
import { ReadyQueue } from './ready-queue.ts';
import { ReducedRun } from './reduced-run.ts';
import { finalEvent } from './run-finish.ts';
import { inputsOf, planRun, type RunPlan } from './run-plan.ts';
import { RunRequests } from './run-requests.ts';
import { runOutputs } from './run-wiring.ts';
import { isKeyOf, runTakes, takeKey } from './takes.ts';

const OK = new Set(['done', 'cached']);

/**
 * One run, scheduled as a ready-queue (design.md §3): each node keeps a count of unfinished inputs and starts the
 * moment it reaches zero, so a fast branch never waits for an unrelated slow one. State is owned by the shared
 * reducer: every event goes through `reduceRun`, and what it returns is what the store keeps. Also resumes a run
 * after a restart: finished nodes are taken from the store, nodes with a stored request id are re-attached.
 */
export class RunExecution {
  private readonly controller = new AbortController();
  /** Aborted only when the server stops: billed results are still kept after a cancel. */
  private readonly stopping = new AbortController();
  private readonly launches = new Map<string, Promise<void>>();
  private readonly reduced: ReducedRun;
  private readonly outputs = new Map<string, NodeOutputs>();
  private readonly requests = new RunRequests();
  private readonly plan: RunPlan;
  private readonly queue: ReadyQueue;
  private ended = false;
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
    this.reduced = new ReducedRun(run, nodes, deps.target.kind, deps.runs.lastSeq(run.id));
    this.plan = planRun(run, deps.target.kind);
    this.queue = new ReadyQueue(this.plan);
    // Requests a previous process left at fal: a cancel must reach them, even one that comes before their node runs.
    for (const id of this.plan.scope) if (!this.isFinished(id)) this.requests.adopt(id, this.state.nodes[id]);
  }

  get id() {
    return this.run.id;
  }

  private get state() {
    return this.reduced.state;
  }

  /** Announces an event; the reducer's result for it is stored in the same transaction. */
  private emit(body: RunEventBody) {
    if (this.ended) return;
    this.deps.log.record(this.run.id, body, (event) => this.reduced.apply(event));
  }

  private nodeState(id: string) {
    return this.state.nodes[id]?.state ?? 'pending';
  }

  private isFinished(id: string) {
    return TERMINAL_NODE.includes(this.nodeState(id));
  }

  /**
   * Starts (or resumes) scheduling; returns at once. A cancel stored while no process held the run (a team's worker
   * died and the run waited for another) is honoured first: the run ends cancelled, its stored requests are cancelled
   * at fal and nothing is submitted. Read now, after the engine lists the run as active, so a cancel stored later is
   * one whose NOTIFY finds it here.
   */
  start() {
    const cancelled = !!this.deps.runs.get(this.run.id)?.cancelRequestedAt;
    if (this.run.status === 'queued' && !cancelled) this.emit({ type: 'run.started', nodes: [...this.plan.scope] });
    for (const id of this.plan.scope) {
      const rec = this.state.nodes[id];
      if (rec && OK.has(rec.state) && rec.outputs) this.outputs.set(id, this.deps.media.expose(rec.outputs));
    }
    const ready = this.queue.begin((id) => this.isFinished(id));
    // A run whose nodes all finished completes (or fails) as what it is, whatever a late cancel says.
    if (cancelled && this.queue.unfinished > 0) return void this.cancel();
    for (const id of ready) this.start1(id);
    if (this.queue.unfinished === 0) void this.finish();
  }

  private start1(id: string) {
    const p = this.launch(id);
    this.launches.set(id, p);
    void p.finally(() => this.launches.delete(id));
  }

  private async launch(id: string) {
    if (this.controller.signal.aborted) return;
    const badUp = [...this.plan.upstream.get(id)!].find((u) => this.isFinished(u) && !OK.has(this.nodeState(u)));
    if (badUp)
      return this.settle(id, { type: 'node.skipped', nodeId: id, reason: skipReason(badUp, this.state.nodes[badUp]) });
    const node = this.run.graph.nodes.find((n) => n.id === id)!;
    const def = getNodeDef(node.type);
    const bypassed =
      def && node.data.bypass ? bypassStep(id, def, inputsOf(this.plan, this.outputs, id, def)) : undefined;
    if (bypassed?.outputs) this.outputs.set(id, bypassed.outputs);
    if (bypassed) return this.settle(id, bypassed.event);
    try {
      if (!def) throw new NodeFailure('internal', `Unknown node type "${node.type}"`);
      const rec = this.state.nodes[id];
      const inputs = inputsOf(this.plan, this.outputs, id, def);
      const job = nodeJob(this.run, this.plan, id, def, { inputs, record: rec, hooks: this.hooks(id) });
      const takes = this.plan.takeSets.get(id);
      const { outputs } = takes ? await runTakes(this.deps, job, takes) : await runNode(this.deps, job);
      this.requests.forget(id);
      this.outputs.set(id, outputs);
      this.afterNode(id);
    } catch (err) {
      this.requests.forget(id);
      const settled = failureEvent(id, err, this.controller.signal.aborted);
      if (settled) this.settle(id, settled);
    }
  }

  /** How node `id`'s job reaches this run: its events, its billing, the cancel. */
  private hooks(id: string): JobHooks {
    return {
      runId: this.run.id,
      target: this.deps.target,
      signal: this.controller.signal,
      keepSignal: this.stopping.signal,
      billed: (take) => this.requests.billedBy(takeKey(id, take), this.launches.get(id) ?? Promise.resolve()),
      emit: (body) => this.nodeEvent(id, body),
      live: () => !this.controller.signal.aborted,
      orphaned: (endpoint, requestId) => this.requests.orphaned(this.deps.target.fal, { endpoint, requestId }),
    };
  }

  private nodeEvent(id: string, body: RunEventBody) {
    if (body.type === 'node.submitted')
      this.requests.set(takeKey(id, body.take), { endpoint: body.endpoint, requestId: body.requestId });
    this.emit(body);
  }

  private settle(id: string, body: RunEventBody) {
    this.nodeEvent(id, body);
    this.afterNode(id);
  }

  /** Counts the node as finished and starts every dependent whose inputs are now all finished. */
  private afterNode(id: string) {
    for (const d of this.queue.finished(id)) this.start1(d);
    if (this.queue.unfinished === 0) void this.finish();
  }

  private async finish() {
    if (this.ended || this.finishing) return;
    this.finishing = true;
    const final = await finalEvent({
      run: this.run,
      scope: this.plan.scope,
      state: this.state,
      mediaDir: this.deps.mediaDir,
      requestIdFor: this.deps.runs.requestIdFor,
      outputs: () =>
        runOutputs(this.run.graph, this.plan.scope, this.plan.downstream, (id) => this.state.nodes[id]?.outputs),
    });
    this.emit(final);
    this.ended = true;
    this.resolveDone();
  }

  /**
   * Cancels in-flight fal requests and marks every unfinished node cancelled. A run whose nodes have all finished is
   * not cancelled: it completes (or fails) with what its nodes recorded, whatever a late cancel says.
   */
  async cancel() {
    if (this.ended) return;
    if (this.finishing || [...this.plan.scope].every((id) => this.isFinished(id))) return this.done;
    this.requests.cancelling = true;
    this.controller.abort();
    // fal already billed some: their results are kept and their cost counted rather than thrown away.
    const sent = await this.requests.cancelAll(this.deps.target.fal);
    // The last nodes may have finished while the cancels were out: then the run ends as what it is.
    if (this.ended || this.finishing) return this.done;
    if ([...this.plan.scope].every((id) => this.isFinished(id))) return void (await this.finish());
    const paidEngine = this.deps.target.kind === 'fal';
    for (const id of this.plan.scope) {
      if (this.isFinished(id)) continue;
      const wasAtFal = sent.some((key) => isKeyOf(key, id));
      this.nodeEvent(id, {
        type: 'node.cancelled',
        nodeId: id,
        ...(wasAtFal && paidEngine ? { note: 'Cancel sent to fal; a job already running may still be billed' } : {}),
      });
    }
    this.emit({ type: 'run.cancelled' });
    this.ended = true;
    this.resolveDone();
  }

  /** Server shutdown: stop following requests without recording anything, so the next start re-attaches. */
  stop() {
    this.stopping.abort();
    this.controller.abort();
    // A run writing its final event (stamping output copies) is let finish: a close that returned mid-stamp left a
    // half-written runs/<id>/ folder behind and an event written after the store closed. `done` resolves after it.
    if (this.finishing) return;
    this.ended = true;
    this.resolveDone();
  }
}
