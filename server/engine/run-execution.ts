import { setMaxListeners } from 'node:events';
import type { NodeOutputs, PortValues } from '../../shared/define-node.ts';
import type { RunEventBody } from '../../shared/events.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import { indexEdgesByPort } from '../../shared/graph.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { parseParams } from '../../shared/validate.ts';
import type { NodeRecord, RunRecord, RunsStore } from '../store/runs-store.ts';
import { classify, NodeFailure, Stopped } from './errors.ts';
import type { EventLog, StateChange } from './event-log.ts';
import { runNode, type NodeRunnerDeps } from './node-runner.ts';
import { nodesInScope } from './prepare-run.ts';
import { stampRunOutputs } from './run-provenance.ts';
import { runOutputs, wire } from './run-wiring.ts';

const OK = new Set(['done', 'cached']);
const BAD = new Set(['failed', 'skipped', 'cancelled']);
const now = () => new Date().toISOString();

/**
 * One run, scheduled as a ready-queue (design.md §3): each node keeps a count of unfinished inputs and starts the
 * moment it reaches zero, so a fast branch never waits for an unrelated slow one. Also used to resume a run after a
 * restart: finished nodes are taken from the store, nodes with a request id are re-attached.
 */
export class RunExecution {
  private readonly controller = new AbortController();
  private readonly records = new Map<string, NodeRecord>();
  private readonly outputs = new Map<string, NodeOutputs>();
  private readonly upstream: Map<string, Set<string>>;
  private readonly downstream: Map<string, Set<string>>;
  private readonly waiting = new Map<string, number>();
  private readonly inFlight = new Map<string, { endpoint: string; requestId: string }>();
  private readonly scope: Set<string>;
  private readonly prints: Map<string, string>;
  /** Built once: looking edges up per port by scanning them all made wide graphs quadratic. */
  private readonly into: ReturnType<typeof indexEdgesByPort>;
  private unfinished = 0;
  private cost = 0;
  private ended = false;
  private finishing = false;
  private resolveDone!: () => void;
  /** Resolves when the run reached a terminal state (or the server stopped it). */
  readonly done = new Promise<void>((r) => (this.resolveDone = r));

  constructor(
    private readonly run: RunRecord,
    nodes: NodeRecord[],
    private readonly deps: NodeRunnerDeps & { runs: RunsStore; log: EventLog },
  ) {
    // Every in-flight node of a wide fan-out listens on this one signal; that is expected, not a leak.
    setMaxListeners(0, this.controller.signal);
    for (const n of nodes) this.records.set(n.nodeId, n);
    this.scope = nodesInScope(run.graph, run.options.only);
    this.prints = graphFingerprints(run.graph, run.options.salts);
    this.into = indexEdgesByPort(run.graph);
    ({ upstream: this.upstream, downstream: this.downstream } = wire(run.graph, this.scope));
  }

  get id() {
    return this.run.id;
  }

  private emit(body: RunEventBody, change?: StateChange) {
    if (!this.ended) this.deps.log.record(this.run.id, body, change);
  }

  private state(id: string) {
    return this.records.get(id)?.state ?? 'pending';
  }

  /** Starts (or resumes) scheduling; returns at once. */
  start() {
    if (this.run.status === 'queued') this.emit({ type: 'run.started', nodes: [...this.scope] }, { run: { status: 'running' } });
    for (const id of this.scope) {
      const rec = this.records.get(id);
      if (rec && OK.has(rec.state) && rec.originalOutputs) this.outputs.set(id, rec.originalOutputs);
      if (rec && (OK.has(rec.state) || BAD.has(rec.state))) this.cost += rec.cost ?? 0;
      else this.unfinished++;
    }
    const ready: string[] = [];
    for (const id of this.scope) {
      if (this.isFinished(id)) continue;
      const count = [...this.upstream.get(id)!].filter((u) => !this.isFinished(u)).length;
      this.waiting.set(id, count);
      if (count === 0) ready.push(id);
    }
    for (const id of ready) void this.launch(id);
    if (this.unfinished === 0) void this.finish();
  }

  private isFinished(id: string) {
    const s = this.state(id);
    return OK.has(s) || BAD.has(s);
  }

  private inputsOf(id: string, def: NonNullable<ReturnType<typeof getNodeDef>>): PortValues {
    const values: PortValues = {};
    for (const port of def.inputs)
      values[port.name] = this.into(id, port.name).map((e) => this.outputs.get(e.source)?.[e.sourceHandle] ?? '');
    return values;
  }

  private async launch(id: string) {
    if (this.controller.signal.aborted) return;
    const badUp = [...this.upstream.get(id)!].find((u) => BAD.has(this.state(u)));
    if (badUp) return this.settle(id, 'skipped', { type: 'node.skipped', nodeId: id, reason: `"${badUp}" did not finish` });
    const node = this.run.graph.nodes.find((n) => n.id === id)!;
    const def = getNodeDef(node.type);
    try {
      if (!def) throw new NodeFailure('internal', `Unknown node type "${node.type}"`);
      const rec = this.records.get(id);
      // A request stored by a previous process is in flight: cancel must reach it too.
      if (rec?.requestId && rec.endpoint) this.inFlight.set(id, { endpoint: rec.endpoint, requestId: rec.requestId });
      const parsed = parseParams(def, node.data.params, id);
      if (!parsed.params) throw new NodeFailure('validation', parsed.problems[0].message, parsed.problems[0].field);
      const { outputs, cost } = await runNode(this.deps, {
        runId: this.run.id, nodeId: id, def, params: parsed.params, inputs: this.inputsOf(id, def),
        fingerprint: this.prints.get(id)!, record: this.records.get(id) ?? { nodeId: id, state: 'pending' },
        signal: this.controller.signal,
        emit: (body, change) => this.nodeEvent(id, body, change),
        patch: (change) => this.deps.runs.patchNode(this.run.id, id, change),
        live: () => !this.controller.signal.aborted,
        orphaned: (endpoint, requestId) => void this.deps.fal.queue.cancel(endpoint, { requestId }).catch(() => {}),
      });
      this.inFlight.delete(id);
      this.outputs.set(id, outputs);
      this.cost += cost;
      this.afterNode(id);
    } catch (err) {
      this.inFlight.delete(id);
      if (err instanceof Stopped || this.controller.signal.aborted) return;
      const f = classify(err);
      const error = { kind: f.kind, message: f.message, ...(f.field ? { field: f.field } : {}) };
      this.settle(id, 'failed', { type: 'node.failed', nodeId: id, ...error }, { error });
    }
  }

  /** Node events go through here so the in-memory record tracks what the store holds. */
  private nodeEvent(id: string, body: RunEventBody, change?: StateChange) {
    const rec = this.records.get(id) ?? { nodeId: id, state: 'pending' as const };
    this.records.set(id, { ...rec, ...change?.node } as NodeRecord);
    if (body.type === 'node.submitted') this.inFlight.set(id, { endpoint: body.endpoint, requestId: body.requestId });
    this.emit(body, change);
  }

  private settle(id: string, state: 'failed' | 'skipped', body: RunEventBody, extra: Partial<NodeRecord> = {}) {
    this.nodeEvent(id, body, { node: { state, endedAt: now(), ...extra } });
    this.afterNode(id);
  }

  /** Counts the node as finished and starts every dependent whose inputs are now all finished. */
  private afterNode(id: string) {
    this.unfinished--;
    for (const d of this.downstream.get(id) ?? []) {
      const left = (this.waiting.get(d) ?? 1) - 1;
      this.waiting.set(d, left);
      if (left === 0) void this.launch(d);
    }
    if (this.unfinished === 0) void this.finish();
  }

  private async finish() {
    if (this.ended || this.finishing) return;
    this.finishing = true;
    const failed = [...this.scope].filter((id) => this.state(id) === 'failed');
    if (failed.length) {
      const message = `${failed.length} node${failed.length > 1 ? 's' : ''} failed: ${failed.map((f) => `"${f}"`).join(', ')}`;
      this.emit({ type: 'run.failed', message, cost: this.cost }, { run: { status: 'failed', cost: this.cost, error: message } });
    } else {
      await this.stampOutputs();
      const outputs = runOutputs(this.run.graph, this.scope, this.downstream, (id) => this.records.get(id)?.outputs);
      this.emit({ type: 'run.completed', outputs, cost: this.cost }, { run: { status: 'completed', cost: this.cost } });
    }
    this.ended = true;
    this.resolveDone();
  }

  /** Output videos get a per-run copy carrying provenance, before the run is announced complete (so it links to it). */
  private async stampOutputs() {
    try {
      const stamped = await stampRunOutputs({
        runId: this.run.id, graph: this.run.graph, scope: this.scope, records: this.records, mediaDir: this.deps.media.dir,
        requestIdFor: this.deps.runs.requestIdFor,
      });
      for (const [id, outputs] of stamped) {
        this.deps.runs.patchNode(this.run.id, id, { outputs });
        this.records.set(id, { ...this.records.get(id)!, outputs });
      }
    } catch (err) {
      // The kept copy is still there and linked; a missing stamp must not turn a paid-for run into a failure.
      console.warn(`run ${this.run.id}: could not write provenance: ${(err as Error).message}`);
    }
  }

  /** Cancels in-flight fal requests and marks every unfinished node cancelled. */
  async cancel() {
    if (this.ended) return;
    this.controller.abort();
    const inFlight = [...this.inFlight.values()];
    await Promise.all(inFlight.map((r) => this.deps.fal.queue.cancel(r.endpoint, { requestId: r.requestId }).catch(() => {})));
    for (const id of this.scope)
      if (!this.isFinished(id)) this.nodeEvent(id, { type: 'node.cancelled', nodeId: id }, { node: { state: 'cancelled', endedAt: now() } });
    this.emit({ type: 'run.cancelled' }, { run: { status: 'cancelled', cost: this.cost } });
    this.ended = true;
    this.resolveDone();
  }

  /** Server shutdown: stop following requests without recording anything, so the next start re-attaches. */
  stop() {
    this.controller.abort();
    this.ended = true;
    this.resolveDone();
  }
}
