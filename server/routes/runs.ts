import { Hono } from 'hono';
import { z } from 'zod';
import { StartRunBody } from '../../shared/api.ts';
import type { Engine } from '../engine/engine.ts';
import { RunRequestError } from '../engine/prepare-run.ts';
import { jsonBody, queryOf } from '../http/validate.ts';
import { runSummary } from '../store/runs-store.ts';
import { runEventStream } from './run-events.ts';

const refused = (err: RunRequestError) => ({ error: err.message, problems: err.problems });

/** Runs: start (stored or posted graph), list, detail with per-node state, cancel, re-roll, live events. */
export function runRoutes(engine: Engine) {
  const { store } = engine;
  return new Hono()
    .post('/', jsonBody(StartRunBody), (c) => {
      const body = c.req.valid('json');
      const stored = body.graphId ? store.graphs.get(body.graphId) : undefined;
      if (body.graphId && !stored) return c.json({ error: `No graph "${body.graphId}"` }, 404);
      try {
        const run = engine.startRun({
          ...body,
          graph: body.graph ?? stored!.graph,
          graphId: body.graphId,
          createdBy: c.get('who'),
        });
        return c.json(run, 201);
      } catch (err) {
        if (err instanceof RunRequestError) return c.json(refused(err), 400);
        throw err;
      }
    })
    .get(
      '/',
      queryOf(z.object({ graphId: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).optional() })),
      (c) => {
        const q = c.req.valid('query');
        return c.json(store.runs.list(q).map((r) => runSummary(r, store.runs.nodes(r.id))));
      },
    )
    .get('/:id', (c) => {
      const run = engine.getRun(c.req.param('id'));
      return run ? c.json(run) : c.json({ error: 'No such run' }, 404);
    })
    .post('/:id/cancel', async (c) => {
      const id = c.req.param('id');
      const run = store.runs.get(id);
      if (!run) return c.json({ error: 'No such run' }, 404);
      if (!(await engine.cancelRun(id))) return c.json({ error: `The run is already ${run.status}` }, 409);
      return c.json(engine.getRun(id)!);
    })
    .post('/:id/reroll', jsonBody(z.object({ nodeId: z.string().min(1) })), (c) => {
      try {
        const run = engine.reroll(c.req.param('id'), c.req.valid('json').nodeId, c.get('who'));
        return run ? c.json(run, 201) : c.json({ error: 'No such run' }, 404);
      } catch (err) {
        if (err instanceof RunRequestError) return c.json(refused(err), 400);
        throw err;
      }
    })
    .get('/:id/events', (c) => {
      const id = c.req.param('id');
      if (!store.runs.get(id)) return c.json({ error: 'No such run' }, 404);
      return runEventStream(c, engine, id);
    });
}
