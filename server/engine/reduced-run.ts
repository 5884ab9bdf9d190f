import type { EngineKind, RunEvent } from '../../shared/events.ts';
import { reduceRun, sumCost, type RunState } from '../../shared/run-state.ts';
import { wholeNodePatch, type NodeRecord, type RunRecord } from '../store/runs-store.ts';
import type { StateChange } from './event-log.ts';

/**
 * A run's state as the shared reducer derives it from its events (design.md §3: one owner). `apply` advances it by
 * one event and returns what changed, for the store to write in the same transaction as the event.
 */
export class ReducedRun {
  state: RunState;

  constructor(run: RunRecord, nodes: NodeRecord[], engine: EngineKind, lastSeq: number) {
    const byId = Object.fromEntries(nodes.map(({ nodeId, ...rec }) => [nodeId, rec]));
    this.state = { id: run.id, status: run.status, engine, cost: sumCost(byId), nodes: byId, lastSeq };
  }

  apply(event: RunEvent): StateChange {
    const before = this.state;
    const after = (this.state = reduceRun(before, event));
    const nodes: Record<string, Partial<NodeRecord>> = {};
    for (const [id, rec] of Object.entries(after.nodes)) if (rec !== before.nodes[id]) nodes[id] = wholeNodePatch(rec);
    const runChanged = after.status !== before.status || after.cost !== before.cost;
    return {
      nodes,
      ...(runChanged
        ? { run: { status: after.status, cost: after.cost, ...(after.message ? { error: after.message } : {}) } }
        : {}),
    };
  }
}
