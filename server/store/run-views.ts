import type { RunDetail, RunSummary } from '../../shared/api.ts';
import { TERMINAL_RUN } from '../../shared/events.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { sumEstimate } from '../../shared/run-state.ts';
import type { NodeRecord, RunRecord } from './run-records.ts';

/** The API view of a run: output node values and per-node state. */
export function runDetail(run: RunRecord, nodes: NodeRecord[]): RunDetail {
  const byId: RunDetail['nodes'] = {};
  for (const { nodeId, ...state } of nodes) byId[nodeId] = state;
  return { ...runSummary(run, nodes), graph: run.graph, nodes: byId };
}

export function runSummary(run: RunRecord, nodes: NodeRecord[]): RunSummary {
  const outputs: Record<string, string> = {};
  // Results are what the registry's Output-category nodes hold (no node-type names here).
  const isOutput = new Set(run.graph.nodes.filter((n) => getNodeDef(n.type)?.category === 'Output').map((n) => n.id));
  for (const n of nodes) if (isOutput.has(n.nodeId) && n.outputs?.value) outputs[n.nodeId] = n.outputs.value;
  const engine = run.options.engine ?? 'fal';
  // Previews spend nothing; what they would cost on fal is the sum of their nodes' estimates.
  const estimate = engine === 'local' ? sumEstimate(nodes) : undefined;
  return {
    id: run.id,
    ...(run.graphId ? { graphId: run.graphId } : {}),
    status: run.status,
    engine,
    createdAt: run.createdAt,
    ...(run.endedAt ? { endedAt: run.endedAt } : {}),
    cost: run.cost,
    ...(estimate !== undefined ? { estimate } : {}),
    ...(run.createdBy ? { createdBy: run.createdBy } : {}),
    ...(run.cancelRequestedAt && !TERMINAL_RUN.includes(run.status) ? { cancelRequested: true } : {}),
    outputs,
  };
}
