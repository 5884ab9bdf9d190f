import type { NodeDef, NodeOutputs, PortValues } from '../../shared/define-node.ts';
import type { EngineKind } from '../../shared/events.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import { indexEdgesByPort } from '../../shared/graph.ts';
import type { TakeSet } from '../../shared/takes.ts';
import type { RunRecord } from '../store/runs-store.ts';
import { nodesInScope } from './prepare-run.ts';
import { wire } from './run-wiring.ts';

/** What a run executes, fixed from its stored graph and options: the same in every process that takes it up. */
export interface RunPlan {
  /** The nodes this run executes (`only` and what they need; never annotations). */
  scope: Set<string>;
  /** Each node's fingerprint: its cache key and fal receipt. */
  prints: Map<string, string>;
  /** Nodes making several takes: each take's seed and fingerprint (server/engine/takes.ts runs them). */
  takeSets: Map<string, TakeSet>;
  upstream: Map<string, Set<string>>;
  downstream: Map<string, Set<string>>;
  /** Built once: looking edges up per port by scanning them all made wide graphs quadratic. */
  into: ReturnType<typeof indexEdgesByPort>;
}

export function planRun(run: RunRecord, engine: EngineKind): RunPlan {
  const scope = nodesInScope(run.graph, run.options.only);
  const takeSets = new Map<string, TakeSet>();
  const prints = graphFingerprints(run.graph, run.options.salts, engine, takeSets);
  return { scope, prints, takeSets, ...wire(run.graph, scope), into: indexEdgesByPort(run.graph) };
}

/** A node's input values from its upstream nodes' outputs (an input whose source has none yet is ''). */
export function inputsOf(plan: RunPlan, outputs: Map<string, NodeOutputs>, id: string, def: NodeDef): PortValues {
  const values: PortValues = {};
  for (const port of def.inputs)
    values[port.name] = plan.into(id, port.name).map((e) => outputs.get(e.source)?.[e.sourceHandle] ?? '');
  return values;
}
