import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { BatchBody, TemplateRunBody, type BatchDetail } from '../../shared/batch-api.ts';
import { templateInputs } from '../../shared/template-inputs.ts';
import { batchInputSets, planBatch } from '../batch/plan.ts';
import type { Engine } from '../engine/engine.ts';
import { RunRequestError } from '../engine/prepare-run.ts';
import { jsonBody } from '../http/validate.ts';
import type { BatchesStore } from '../store/batches-store.ts';
import { runSummary } from '../store/runs-store.ts';

const refused = (err: RunRequestError) => ({ error: err.message, problems: err.problems });

/**
 * Templates as apps (issue 6): the input form's schema, a run from input values, and batches over many input sets
 * (previewed with count, cached items and cost; refused whole, before any submission, when over budget).
 */
export function templateRoutes(engine: Engine, batches: BatchesStore) {
  const { store } = engine;
  const template = (id: string) => store.graphs.get(id);

  function batchDetail(id: string): BatchDetail | undefined {
    const b = batches.get(id);
    if (!b) return undefined;
    const runs = b.runIds.map((runId, i) => {
      const run = store.runs.get(runId)!;
      const s = runSummary(run, store.runs.nodes(runId));
      return { runId, status: s.status, inputs: b.plan.items[i]?.inputs ?? {}, outputs: s.outputs, cost: s.cost };
    });
    return {
      id: b.id,
      graphId: b.graphId,
      createdAt: b.createdAt,
      ...(b.createdBy ? { createdBy: b.createdBy } : {}),
      plan: b.plan,
      runs,
    };
  }

  return new Hono()
    .get('/:id/inputs', (c) => {
      const t = template(c.req.param('id'));
      if (!t) return c.json({ error: 'No such template' }, 404);
      return c.json({ id: t.id, name: t.name, version: t.version, ...templateInputs(t.graph) });
    })
    .post('/:id/runs', jsonBody(TemplateRunBody), (c) => {
      const t = template(c.req.param('id'));
      if (!t) return c.json({ error: 'No such template' }, 404);
      const body = c.req.valid('json');
      try {
        // The engine applies the inputs and refuses a bad one naming `inputs.<name>`, as for any run.
        return c.json(
          engine.startRun({
            graph: t.graph,
            graphId: t.id,
            inputs: body.inputs,
            webhook: body.webhook,
            budget: body.budget,
            engine: body.engine,
            createdBy: c.get('who'),
          }),
          201,
        );
      } catch (err) {
        if (err instanceof RunRequestError) return c.json(refused(err), 400);
        throw err;
      }
    })
    .post('/:id/batches/preview', jsonBody(BatchBody), (c) => {
      const t = template(c.req.param('id'));
      if (!t) return c.json({ error: 'No such template' }, 404);
      try {
        return c.json(
          planBatch(t.graph, batchInputSets(c.req.valid('json'), t.graph), store.cache.has, engine.defaultEngine).plan,
        );
      } catch (err) {
        if (err instanceof RunRequestError) return c.json(refused(err), 400);
        throw err;
      }
    })
    .post('/:id/batches', jsonBody(BatchBody), (c) => {
      const t = template(c.req.param('id'));
      if (!t) return c.json({ error: 'No such template' }, 404);
      const body = c.req.valid('json');
      try {
        const { plan, graphs } = planBatch(
          t.graph,
          batchInputSets(body, t.graph),
          store.cache.has,
          engine.defaultEngine,
        );
        // A budget caps money: previews (no key) spend none, so only a paid batch can be over it.
        if (body.budget !== undefined && engine.defaultEngine === 'fal' && plan.total > body.budget)
          throw new RunRequestError(
            `This batch of ${plan.count} is estimated at $${plan.total.toFixed(2)}, over the budget of $${body.budget.toFixed(2)}; nothing was run`,
            [
              {
                code: 'over-budget',
                field: 'budget',
                message: `estimate $${plan.total.toFixed(2)} > budget $${body.budget.toFixed(2)}`,
              },
            ],
          );
        const createdBy = c.get('who');
        const runIds = graphs.map(
          (graph) => engine.startRun({ graph, graphId: t.id, webhook: body.webhook, createdBy }).id,
        );
        const batch = batches.create({ id: randomUUID(), graphId: t.id, plan, runIds, createdBy });
        return c.json(batchDetail(batch.id)!, 201);
      } catch (err) {
        if (err instanceof RunRequestError) return c.json(refused(err), 400);
        throw err;
      }
    })
    .get('/:id/batches', (c) => c.json(batches.list(c.req.param('id')).map((b) => batchDetail(b.id)!)))
    .get('/:id/batches/:batchId', (c) => {
      const b = batchDetail(c.req.param('batchId'));
      return b && b.graphId === c.req.param('id') ? c.json(b) : c.json({ error: 'No such batch' }, 404);
    });
}
