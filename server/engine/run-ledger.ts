import type { NodeOutputs } from '../../shared/define-node.ts';
import type { RunEventBody } from '../../shared/events.ts';
import { TERMINAL_NODE } from '../../shared/events.ts';
import type { NodeRecord, RunRecord, RunsStore } from '../store/runs-store.ts';
import type { EventLog } from './event-log.ts';
import type { MediaKeeper } from './media-keeper.ts';
import type { EngineTarget } from './publisher.ts';
import { ReducedRun } from './reduced-run.ts';

const OK = new Set(['done', 'cached']);

/**
 * What one run has recorded. State is owned by the shared reducer: every event goes through `reduceRun`, and what it
 * returns is what the store keeps. Beside it, the outputs finished nodes hand on to their dependents. Once the run
 * ended (or the server stopped following it) nothing more is recorded.
 */
export class RunLedger {
  private readonly reduced: ReducedRun;
  /** Outputs of finished nodes, as their dependents read them. */
  readonly outputs = new Map<string, NodeOutputs>();
  /** Set when the run ended or was stopped: later events are dropped. */
  ended = false;

  constructor(
    private readonly run: RunRecord,
    nodes: NodeRecord[],
    private readonly deps: { runs: RunsStore; log: EventLog; target: EngineTarget },
  ) {
    this.reduced = new ReducedRun(run, nodes, deps.target.kind, deps.runs.lastSeq(run.id));
  }

  get state() {
    return this.reduced.state;
  }

  /** Announces an event; the reducer's result for it is stored in the same transaction. */
  emit(body: RunEventBody) {
    if (this.ended) return;
    this.deps.log.record(this.run.id, body, (event) => this.reduced.apply(event));
  }

  nodeState(id: string) {
    return this.state.nodes[id]?.state ?? 'pending';
  }

  isFinished(id: string) {
    return TERMINAL_NODE.includes(this.nodeState(id));
  }

  /** Whether node `id` finished with outputs its dependents may use (done or cached). */
  succeeded(id: string) {
    return OK.has(this.nodeState(id));
  }

  /** A resumed run's finished nodes hand on what they stored, as this server serves it. */
  restoreOutputs(scope: Iterable<string>, media: MediaKeeper) {
    for (const id of scope) {
      const rec = this.state.nodes[id];
      if (rec && OK.has(rec.state) && rec.outputs) this.outputs.set(id, media.expose(rec.outputs));
    }
  }
}
