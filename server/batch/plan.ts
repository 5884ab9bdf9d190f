import type { z } from 'zod';
import {
  coerceCsvRow,
  expandGrid,
  isCsvBatch,
  MAX_BATCH_ROWS,
  parseBatchRows,
  type InputSet,
} from '../../shared/batch.ts';
import type { BatchPlan } from '../../shared/batch-api.ts';
import type { EngineKind } from '../../shared/events.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import type { Graph } from '../../shared/graph.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { templateApplier, templateInputSchema } from '../../shared/template-inputs.ts';
import { validateGraph, type Problem } from '../../shared/validate.ts';
import { RunRequestError } from '../engine/prepare-run.ts';

/**
 * Node runs one batch may create (items × template nodes): every one is planned, validated, fingerprinted and stored
 * inside the request. Measured on 2 busy cores: 500 items × 20 nodes took ~2 s to submit and 100 × 200 ~5 s, while
 * 1000 × 200 took ~10 s just to preview. So 1000 items of a 10-node template is the most; a bigger template allows
 * fewer items.
 */
export const MAX_BATCH_NODE_RUNS = 10_000;

type BatchSource = { rows?: InputSet[]; text?: string; grid?: Record<string, unknown[]> };

/**
 * The input sets a batch body describes, every size checked before any item is built (a grid by the product of its
 * axis lengths). CSV cells are text until each input's schema says what it takes. A malformed CSV/JSON, or a batch
 * over a limit, is a RunRequestError naming what is wrong.
 */
export function batchInputSets(body: BatchSource, template: Graph): InputSet[] {
  const field = body.rows ? 'rows' : body.text !== undefined ? 'text' : 'grid';
  const items = Math.min(MAX_BATCH_ROWS, Math.floor(MAX_BATCH_NODE_RUNS / Math.max(template.nodes.length, 1)));
  const lowered =
    items < MAX_BATCH_ROWS
      ? ` (each item runs ${template.nodes.length} nodes; a batch runs at most ${MAX_BATCH_NODE_RUNS.toLocaleString('en-US')})`
      : '';
  const refuse = (message: string): never => {
    // A size refusal ("… the limit is N") says why N is lower than usual, when it is.
    const full = message + (/the limit is \d+$/.test(message) ? lowered : '');
    throw new RunRequestError(`Batch: ${full}`, [{ code: 'invalid-batch', field, message: full }]);
  };
  let sets: InputSet[] = [];
  try {
    // Every source is sized before its items are built: rows by count, a grid by its axis lengths, text as parsed.
    if (body.rows)
      sets =
        body.rows.length > items ? refuse(`the batch has ${body.rows.length} rows; the limit is ${items}`) : body.rows;
    else if (body.grid) sets = expandGrid(body.grid, items);
    else {
      const rows = parseBatchRows(body.text ?? '', items);
      const shape = templateInputSchema(template).shape;
      sets = isCsvBatch(body.text ?? '')
        ? rows.map((row) => coerceCsvRow(row, (name) => shape[name] as z.ZodType | undefined))
        : rows;
    }
  } catch (err) {
    if (err instanceof RunRequestError) throw err;
    refuse((err as Error).message);
  }
  if (sets.length === 0) refuse('the batch has no rows');
  return sets;
}

/**
 * What a batch will do before it does anything: per item, the graph with its inputs applied and what it costs.
 * A fal node is free when the cache has its fingerprint or an earlier item of the same batch produces it, so the
 * preview, the budget check and the submissions agree.
 */
export function planBatch(
  template: Graph,
  sets: InputSet[],
  cached: (fingerprint: string) => boolean,
  engine: EngineKind = 'fal',
) {
  const problems: Problem[] = [];
  const graphs: Graph[] = [];
  const seen = new Set<string>();
  const plan: BatchPlan = {
    count: sets.length,
    cachedItems: 0,
    submissions: 0,
    total: 0,
    includesGuesses: false,
    items: [],
  };
  const apply = templateApplier(template);
  for (const [row, inputs] of sets.entries()) {
    // Enough to fix the batch by; a template broken in every one of 1000 rows would otherwise answer megabytes.
    if (problems.length >= MAX_PROBLEMS) break;
    const { graph, errors } = apply(inputs);
    for (const e of errors)
      problems.push({
        code: 'invalid-input',
        field: `rows.${row}.${e.input}`,
        message: `Row ${row + 1}, input "${e.input}": ${e.message}`,
      });
    const invalid = errors.length ? [] : validateGraph(graph);
    for (const p of invalid) problems.push({ ...p, message: `Row ${row + 1}: ${p.message}` });
    graphs.push(graph);
    if (errors.length || invalid.length) continue;
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
  }
  plan.total = round(plan.total);
  if (problems.length) throw new RunRequestError(problems[0].message, problems.slice(0, MAX_PROBLEMS));
  return { plan, graphs };
}

const MAX_PROBLEMS = 100;
const round = (usd: number) => Math.round(usd * 10000) / 10000;
