import { Hono } from 'hono';
import { z } from 'zod';
import { EstimateBody, type ServerConfig } from '../../shared/api.ts';
import { GraphSchema } from '../../shared/graph.ts';
import { validateGraph } from '../../shared/validate.ts';
import type { Engine } from '../engine/engine.ts';
import { jsonBody } from '../http/validate.ts';

/** Estimate, validate, config, and fal's webhook (which only wakes a poller; see webhook-waiters.ts). */
export function miscRoutes(engine: Engine, config: ServerConfig) {
  return new Hono()
    .get('/config', (c) => c.json(config))
    .post('/estimate', jsonBody(EstimateBody), (c) => {
      const { graph, only, engine: kind } = c.req.valid('json');
      return c.json(engine.estimate(graph, only, kind));
    })
    .post('/validate', jsonBody(z.object({ graph: GraphSchema })), (c) => {
      const problems = validateGraph(c.req.valid('json').graph);
      return c.json({ ok: problems.length === 0, problems });
    })
    .post('/fal/webhook', async (c) => {
      const body = (await c.req.json().catch(() => undefined)) as { request_id?: unknown } | undefined;
      const id = typeof body?.request_id === 'string' ? body.request_id : undefined;
      if (!id) return c.json({ error: 'request_id is missing' }, 400);
      engine.notifyFalWebhook(id);
      // Always 200 for a well-formed call: fal retries failures for hours, and an unknown id will never become known.
      return c.json({ ok: true });
    });
}
