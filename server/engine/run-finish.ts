import type { NodeOutputs } from '../../shared/define-node.ts';
import type { RunEventBody } from '../../shared/events.ts';
import { sumEstimate, type RunState } from '../../shared/run-state.ts';
import type { NodeRecord, RunRecord } from '../store/runs-store.ts';
import { stampRunOutputs } from './run-provenance.ts';

const names = (ids: string[]) => ids.map((id) => `"${id}"`).join(', ');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The event that ends a run: `run.failed` when a node failed or may have a job waiting on fal, else `run.completed`
 * with the Output nodes' per-run copies (stamped with provenance first, so the completion links to them).
 */
export async function finalEvent(o: {
  run: RunRecord;
  scope: Set<string>;
  state: RunState;
  mediaDir: string;
  requestIdFor(fingerprint: string): string | undefined;
  outputs(): Record<string, NodeOutputs>;
}): Promise<RunEventBody> {
  const { state, scope } = o;
  const inScope = [...scope];
  const failed = inScope.filter((id) => state.nodes[id]?.state === 'failed');
  const uncertain = inScope.filter((id) => state.nodes[id]?.state === 'uncertain');
  const estimate = state.engine === 'local' ? sumEstimate(inScope.map((id) => state.nodes[id])) : undefined;
  const extra = estimate !== undefined ? { estimate } : {};
  if (failed.length || uncertain.length) {
    const parts = [
      ...(failed.length ? [`${plural(failed.length, 'node', 'nodes')} failed: ${names(failed)}`] : []),
      ...(uncertain.length
        ? [
            state.engine === 'fal'
              ? `${plural(uncertain.length, 'node', 'nodes')} may have a job on fal: ${names(uncertain)} (check fal's dashboard, then submit again or leave it)`
              : `${plural(uncertain.length, 'node', 'nodes')} got no answer from the preview engine: ${names(uncertain)} (submit again; previews are free)`,
          ]
        : []),
    ];
    return { type: 'run.failed', message: parts.join('; '), cost: state.cost, ...extra };
  }
  const stamped = await stamp(o);
  const outputs = o.outputs();
  for (const [id, outs] of stamped) outputs[id] = outs;
  return { type: 'run.completed', outputs, cost: state.cost, ...extra };
}

async function stamp(o: Parameters<typeof finalEvent>[0]): Promise<Map<string, NodeOutputs>> {
  try {
    const records = new Map<string, NodeRecord>(
      Object.entries(o.state.nodes).map(([nodeId, rec]) => [nodeId, { nodeId, ...rec }]),
    );
    return await stampRunOutputs({
      runId: o.run.id,
      graph: o.run.graph,
      scope: o.scope,
      records,
      mediaDir: o.mediaDir,
      requestIdFor: o.requestIdFor,
      engine: o.state.engine,
    });
  } catch (err) {
    // The kept copy is still there and linked; a missing stamp must not turn a paid-for run into a failure.
    console.warn(`run ${o.run.id}: could not write provenance: ${(err as Error).message}`);
    return new Map();
  }
}
