import type { RunEventBody } from '../../shared/events.ts';
import { getNodeDef } from '../../shared/registry.ts';
import type { RunRecord } from '../store/runs-store.ts';
import { bypassStep, skipReason } from './bypass.ts';
import { NodeFailure } from './errors.ts';
import { failureEvent } from './failure-event.ts';
import { nodeJob, type JobHooks } from './node-job.ts';
import { runNode, type NodeRunnerDeps } from './node-runner.ts';
import type { EngineTarget } from './publisher.ts';
import { ReadyQueue } from './ready-queue.ts';
import type { RunLedger } from './run-ledger.ts';
import { inputsOf, type RunPlan } from './run-plan.ts';
import type { RunRequests } from './run-requests.ts';
import { runTakes, takeKey } from './takes.ts';

/** What a run lends the nodes it schedules. */
export interface SchedulerSite {
  run: RunRecord;
  plan: RunPlan;
  deps: NodeRunnerDeps & { target: EngineTarget };
  ledger: RunLedger;
  requests: RunRequests;
  /** Aborted by a cancel or a server stop. */
  signal: AbortSignal;
  /** Aborted only when the server stops: billed results are still kept after a cancel. */
  keepSignal: AbortSignal;
  /** Every node in scope has finished: the run ends. */
  allFinished(): void;
}

/**
 * A run's ready-queue put to work (design.md §3): each node starts the moment its own inputs have all finished, so a
 * fast branch never waits for an unrelated slow one. A node behind one that did not finish is skipped, a bypassed one
 * hands its inputs on, any other runs as a job (node-runner.ts, or takes.ts when it makes several takes).
 */
export class NodeScheduler {
  private readonly launches = new Map<string, Promise<void>>();
  private readonly queue: ReadyQueue;

  constructor(private readonly site: SchedulerSite) {
    this.queue = new ReadyQueue(site.plan);
  }

  /** Nodes in scope that have not finished. */
  get unfinished() {
    return this.queue.unfinished;
  }

  /** Counts what is left of the run (a resumed one has finished nodes already); returns the nodes ready now. */
  begin(): string[] {
    return this.queue.begin((id) => this.site.ledger.isFinished(id));
  }

  /** Starts the nodes `ids`; once none is left unfinished, the run ends. */
  launch(ids: string[]) {
    for (const id of ids) this.start1(id);
    if (this.queue.unfinished === 0) this.site.allFinished();
  }

  /** Records node `id`'s event (a request fal accepted is one a cancel must reach). */
  nodeEvent(id: string, body: RunEventBody) {
    if (body.type === 'node.submitted')
      this.site.requests.set(takeKey(id, body.take), { endpoint: body.endpoint, requestId: body.requestId });
    this.site.ledger.emit(body);
  }

  private start1(id: string) {
    const p = this.launch1(id);
    this.launches.set(id, p);
    void p.finally(() => this.launches.delete(id));
  }

  private async launch1(id: string) {
    const { run, plan, ledger, signal } = this.site;
    if (signal.aborted) return;
    const badUp = [...plan.upstream.get(id)!].find((u) => ledger.isFinished(u) && !ledger.succeeded(u));
    if (badUp)
      return this.settle(id, {
        type: 'node.skipped',
        nodeId: id,
        reason: skipReason(badUp, ledger.state.nodes[badUp]),
      });
    const node = run.graph.nodes.find((n) => n.id === id)!;
    const def = getNodeDef(node.type);
    const bypassed = def && node.data.bypass ? bypassStep(id, def, inputsOf(plan, ledger.outputs, id, def)) : undefined;
    if (bypassed?.outputs) ledger.outputs.set(id, bypassed.outputs);
    if (bypassed) return this.settle(id, bypassed.event);
    try {
      if (!def) throw new NodeFailure('internal', `Unknown node type "${node.type}"`);
      const rec = ledger.state.nodes[id];
      const inputs = inputsOf(plan, ledger.outputs, id, def);
      const job = nodeJob(run, plan, id, def, { inputs, record: rec, hooks: this.hooks(id) });
      const takes = plan.takeSets.get(id);
      const deps = this.site.deps;
      const { outputs } = takes ? await runTakes(deps, job, takes) : await runNode(deps, job);
      this.site.requests.forget(id);
      ledger.outputs.set(id, outputs);
      this.afterNode(id);
    } catch (err) {
      this.site.requests.forget(id);
      const settled = failureEvent(id, err, signal.aborted);
      if (settled) this.settle(id, settled);
    }
  }

  /** How node `id`'s job reaches this run: its events, its billing, the cancel. */
  private hooks(id: string): JobHooks {
    const { run, deps, requests, signal } = this.site;
    return {
      runId: run.id,
      target: deps.target,
      signal,
      keepSignal: this.site.keepSignal,
      billed: (take) => requests.billedBy(takeKey(id, take), this.launches.get(id) ?? Promise.resolve()),
      emit: (body) => this.nodeEvent(id, body),
      live: () => !signal.aborted,
      orphaned: (endpoint, requestId) => requests.orphaned(deps.target.fal, { endpoint, requestId }),
    };
  }

  private settle(id: string, body: RunEventBody) {
    this.nodeEvent(id, body);
    this.afterNode(id);
  }

  /** Counts the node as finished and starts every dependent whose inputs are now all finished. */
  private afterNode(id: string) {
    this.launch(this.queue.finished(id));
  }
}
