import type { NodeRunState } from '../../shared/api.ts';
import type { NodeDef, PortValues } from '../../shared/define-node.ts';
import { parseParams } from '../../shared/validate.ts';
import type { RunRecord } from '../store/runs-store.ts';
import { NodeFailure } from './errors.ts';
import type { NodeJob } from './node-runner.ts';
import type { RunPlan } from './run-plan.ts';

/** What a node's job takes from the execution running it: its signals, and where its events and receipts go. */
export type JobHooks = Pick<
  NodeJob,
  'runId' | 'target' | 'signal' | 'keepSignal' | 'billed' | 'emit' | 'live' | 'orphaned'
>;

/**
 * Node `id` of the run as a job for node-runner.ts (or takes.ts): its params checked against its definition (a
 * NodeFailure naming the field when they are wrong), its fingerprint, and what it stored before (a resume re-attaches).
 */
export function nodeJob(
  run: RunRecord,
  plan: RunPlan,
  id: string,
  def: NodeDef,
  o: { inputs: PortValues; record: NodeRunState | undefined; hooks: JobHooks },
): NodeJob {
  const node = run.graph.nodes.find((n) => n.id === id)!;
  const parsed = parseParams(def, node.data.params, id);
  if (!parsed.params) throw new NodeFailure('validation', parsed.problems[0].message, parsed.problems[0].field);
  return {
    ...o.hooks,
    nodeId: id,
    def,
    params: parsed.params,
    inputs: o.inputs,
    fingerprint: plan.prints.get(id)!,
    resubmit: !!run.options.resubmit?.includes(id),
    record: { nodeId: id, ...(o.record ?? { state: 'pending' }) },
  };
}
