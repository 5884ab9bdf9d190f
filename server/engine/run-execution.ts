import { setMaxListeners } from 'node:events';
import type { NodeOutputs, PortValues } from '../../shared/define-node.ts';
import type { RunEventBody } from '../../shared/events.ts';
import { TERMINAL_NODE } from '../../shared/events.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import { indexEdgesByPort } from '../../shared/graph.ts';
import type { TakeSet } from '../../shared/takes.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { parseParams } from '../../shared/validate.ts';
import type { NodeRecord, RunRecord, RunsStore } from '../store/runs-store.ts';
import { bypassStep, skipReason } from './bypass.ts';
import { classify, NodeFailure, Stopped } from './errors.ts';
import type { EventLog } from './event-log.ts';
import { NodeUncertain } from './fal-node.ts';
import { runNode, type NodeJob, type NodeRunnerDeps } from './node-runner.ts';
import { nodesInScope } from './prepare-run.ts';
import type { EngineTarget } from './publisher.ts';
import { ReducedRun } from './reduced-run.ts';
import { finalEvent } from './run-finish.ts';
import { runOutputs, wire } from './run-wiring.ts';
import { isKeyOf, runTakes, takeKey } from './takes.ts';

const OK = new Set(['done', 'cached']);
type Req = { endpoint: string; requestId: string };

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
  /** Nodes whose fal job completed (billed), with their running launch: a cancel waits for them. */
  private readonly billedNodes = new Map<string, Promise<void>>();
  private readonly launches = new Map<string, Promise<void>>();
  private readonly reduced: ReducedRun;
  private readonly outputs = new Map<string, NodeOutputs>();
  private readonly upstream: Map<string, Set<string>>;
  private readonly downstream: Map<string, Set<string>>;
  private readonly waiting = new Map<string, number>();
  private readonly inFlight = new Map<string, { endpoint: string; requestId: string }>();
  private readonly scope: Set<string>;
  private readonly prints: Map<string, string>;
  /** Nodes making several takes: each take's seed and fingerprint (server/engine/takes.ts runs them). */
  private readonly takeSets = new Map<string, TakeSet>();
  /** Built once: looking edges up per port by scanning them all made wide graphs quadratic. */
  private readonly into: ReturnType<typeof indexEdgesByPort>;
  private unfinished = 0;
  private ended = false;
  private finishing = false;
  private cancelling = false;
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
    this.scope = nodesInScope(run.graph, run.options.only);
    this.prints = graphFingerprints(run.graph, run.options.salts, deps.target.kind, this.takeSets);
    this.into = indexEdgesByPort(run.graph);
    ({ upstream: this.upstream, downstream: this.downstream } = wire(run.graph, this.scope));
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

  /** Starts (or resumes) scheduling; returns at once. */
  start() {
    if (this.run.status === 'queued') this.emit({ type: 'run.started', nodes: [...this.scope] });
    for (const id of this.scope) {
      const rec = this.state.nodes[id];
      if (rec && OK.has(rec.state) && rec.outputs) this.outputs.set(id, this.deps.media.expose(rec.outputs));
      if (!this.isFinished(id)) this.unfinished++;
    }
    const ready: string[] = [];
    for (const id of this.scope) {
      if (this.isFinished(id)) continue;
      const count = [...this.upstream.get(id)!].filter((u) => !this.isFinished(u)).length;
      this.waiting.set(id, count);
      if (count === 0) ready.push(id);
    }
    for (const id of ready) this.start1(id);
    if (this.unfinished === 0) void this.finish();
  }

  private start1(id: string) {
    const p = this.launch(id);
    this.launches.set(id, p);
    void p.finally(() => this.launches.delete(id));
  }

  private inputsOf(id: string, def: NonNullable<ReturnType<typeof getNodeDef>>): PortValues {
    const values: PortValues = {};
    for (const port of def.inputs)
      values[port.name] = this.into(id, port.name).map((e) => this.outputs.get(e.source)?.[e.sourceHandle] ?? '');
    return values;
  }

  private async launch(id: string) {
    if (this.controller.signal.aborted) return;
    const badUp = [...this.upstream.get(id)!].find((u) => this.isFinished(u) && !OK.has(this.nodeState(u)));
    if (badUp)
      return this.settle(id, { type: 'node.skipped', nodeId: id, reason: skipReason(badUp, this.state.nodes[badUp]) });
    const node = this.run.graph.nodes.find((n) => n.id === id)!;
    const def = getNodeDef(node.type);
    const bypassed = def && node.data.bypass ? bypassStep(id, def, this.inputsOf(id, def)) : undefined;
    if (bypassed?.outputs) this.outputs.set(id, bypassed.outputs);
    if (bypassed) return this.settle(id, bypassed.event);
    try {
      if (!def) throw new NodeFailure('internal', `Unknown node type "${node.type}"`);
      const rec = this.state.nodes[id];
      // A request stored by a previous process is in flight: cancel must reach it too.
      if (rec?.requestId && rec.endpoint) this.inFlight.set(id, { endpoint: rec.endpoint, requestId: rec.requestId });
      for (const [i, t] of (rec?.takes ?? []).entries())
        if (t.requestId && t.endpoint) this.inFlight.set(takeKey(id, i), t as Req);
      const parsed = parseParams(def, node.data.params, id);
      if (!parsed.params) throw new NodeFailure('validation', parsed.problems[0].message, parsed.problems[0].field);
      const job: NodeJob = {
        runId: this.run.id,
        nodeId: id,
        def,
        params: parsed.params,
        inputs: this.inputsOf(id, def),
        fingerprint: this.prints.get(id)!,
        target: this.deps.target,
        resubmit: !!this.run.options.resubmit?.includes(id),
        record: { nodeId: id, ...(rec ?? { state: 'pending' }) },
        signal: this.controller.signal,
        keepSignal: this.stopping.signal,
        billed: (take) => this.billedNodes.set(takeKey(id, take), this.launches.get(id) ?? Promise.resolve()),
        emit: (body) => this.nodeEvent(id, body),
        live: () => !this.controller.signal.aborted,
        orphaned: (endpoint, requestId) => {
          if (this.cancelling) void this.deps.target.fal.queue.cancel(endpoint, { requestId }).catch(() => {});
        },
      };
      const takes = this.takeSets.get(id);
      const { outputs } = takes ? await runTakes(this.deps, job, takes) : await runNode(this.deps, job);
      this.forget(id);
      this.outputs.set(id, outputs);
      this.afterNode(id);
    } catch (err) {
      this.forget(id);
      const paid = err as { cost?: number; requestId?: string };
      // A billed node that failed after a cancel still settles, so its cost is on record.
      if (err instanceof Stopped || (this.controller.signal.aborted && !paid.cost)) return;
      if (err instanceof NodeUncertain)
        return this.settle(id, {
          type: 'node.uncertain',
          nodeId: id,
          endpoint: err.endpoint,
          submittedAt: err.submittedAt,
          message: err.message,
        });
      const f = classify(err);
      this.settle(id, {
        type: 'node.failed',
        nodeId: id,
        kind: f.kind,
        message: f.message,
        ...(f.field ? { field: f.field } : {}),
        ...(paid.cost ? { cost: paid.cost } : {}),
        ...(paid.requestId ? { requestId: paid.requestId } : {}),
      });
    }
  }

  private nodeEvent(id: string, body: RunEventBody) {
    if (body.type === 'node.submitted')
      this.inFlight.set(takeKey(id, body.take), { endpoint: body.endpoint, requestId: body.requestId });
    this.emit(body);
  }

  /** The node (and every take of it) has nothing in flight any more. */
  private forget(id: string) {
    for (const key of [...this.inFlight.keys()]) if (isKeyOf(key, id)) this.inFlight.delete(key);
  }

  private settle(id: string, body: RunEventBody) {
    this.nodeEvent(id, body);
    this.afterNode(id);
  }

  /** Counts the node as finished and starts every dependent whose inputs are now all finished. */
  private afterNode(id: string) {
    this.unfinished--;
    for (const d of this.downstream.get(id) ?? []) {
      const left = (this.waiting.get(d) ?? 1) - 1;
      this.waiting.set(d, left);
      if (left === 0) this.start1(d);
    }
    if (this.unfinished === 0) void this.finish();
  }

  private async finish() {
    if (this.ended || this.finishing) return;
    this.finishing = true;
    const final = await finalEvent({
      run: this.run,
      scope: this.scope,
      state: this.state,
      mediaDir: this.deps.mediaDir,
      requestIdFor: this.deps.runs.requestIdFor,
      outputs: () => runOutputs(this.run.graph, this.scope, this.downstream, (id) => this.state.nodes[id]?.outputs),
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
    if (this.finishing || [...this.scope].every((id) => this.isFinished(id))) return this.done;
    this.cancelling = true;
    this.controller.abort();
    // fal already billed these: keep their results and count their cost rather than throwing them away.
    const inFlight = [...this.inFlight.entries()].filter(([id]) => !this.billedNodes.has(id));
    await Promise.all(
      inFlight.map(([, r]) =>
        this.deps.target.fal.queue.cancel(r.endpoint, { requestId: r.requestId }).catch(() => {}),
      ),
    );
    await Promise.all(this.billedNodes.values());
    // The last nodes may have finished while the cancels were out: then the run ends as what it is.
    if (this.ended || this.finishing) return this.done;
    if ([...this.scope].every((id) => this.isFinished(id))) return void (await this.finish());
    const paidEngine = this.deps.target.kind === 'fal';
    for (const id of this.scope) {
      if (this.isFinished(id)) continue;
      const wasAtFal = inFlight.some(([key]) => isKeyOf(key, id));
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
