import { expandGrid, parseBatchRows, type InputSet } from '../../shared/batch.ts';
import type { BatchPlan } from '../../shared/batch-api.ts';
import type { EngineKind } from '../../shared/events.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import type { Graph } from '../../shared/graph.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { applyTemplateInputs } from '../../shared/template-inputs.ts';
import { validateGraph, type Problem } from '../../shared/validate.ts';
import { RunRequestError } from '../engine/prepare-run.ts';

/** The input sets a batch body describes; a malformed CSV/JSON is a RunRequestError naming what is wrong. */
export function batchInputSets(body: { rows?: InputSet[]; text?: string; grid?: Record<string, unknown[]> }): InputSet[] {
  try {
    const sets = body.rows ?? (body.text !== undefined ? parseBatchRows(body.text) : expandGrid(body.grid ?? {}));
    if (sets.length === 0) throw new Error('the batch has no rows');
    if (sets.length > 1000) throw new Error(`the batch has ${sets.length} rows; the limit is 1000`);
    return sets;
  } catch (err) {
    if (err instanceof RunRequestError) throw err;
    throw new RunRequestError(`Batch: ${(err as Error).message}`, [{ code: 'invalid-batch', field: 'rows', message: (err as Error).message }]);
  }
}

/**
 * What a batch will do before it does anything: per item, the graph with its inputs applied and what it costs.
 * A fal node is free when the cache has its fingerprint or an earlier item of the same batch produces it, so the
 * preview, the budget check and the submissions agree.
 */
export function planBatch(template: Graph, sets: InputSet[], cached: (fingerprint: string) => boolean, engine: EngineKind = 'fal') {
  const problems: Problem[] = [];
  const graphs: Graph[] = [];
  const seen = new Set<string>();
  const plan: BatchPlan = { count: sets.length, cachedItems: 0, submissions: 0, total: 0, includesGuesses: false, items: [] };
  sets.forEach((inputs, row) => {
    const { graph, errors } = applyTemplateInputs(template, inputs);
    for (const e of errors) problems.push({ code: 'invalid-input', field: `rows.${row}.${e.input}`, message: `Row ${row + 1}, input "${e.input}": ${e.message}` });
    const invalid = errors.length ? [] : validateGraph(graph);
    for (const p of invalid) problems.push({ ...p, message: `Row ${row + 1}: ${p.message}` });
    graphs.push(graph);
    if (errors.length || invalid.length) return;
    const prints = graphFingerprints(graph, {}, engine);
    let cost = 0;
    let fresh = 0;
    for (const node of graph.nodes) {
      const def = getNodeDef(node.type)!;
      const print = prints.get(node.id)!;
      if (!def.endpoint || cached(print) || seen.has(print)) continue;
      seen.add(print);
      fresh++;
      cost += def.cost(def.params.parse(node.data.params) as Record<string, unknown>);
      if (def.costIsGuess) plan.includesGuesses = true;
    }
    plan.items.push({ inputs, cost: round(cost), cached: fresh === 0 });
    plan.submissions += fresh;
    plan.total += cost;
    if (fresh === 0) plan.cachedItems++;
  });
  plan.total = round(plan.total);
  if (problems.length) throw new RunRequestError(problems[0].message, problems);
  return { plan, graphs };
}

const round = (usd: number) => Math.round(usd * 10000) / 10000;
