import { hc } from 'hono/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppType } from '../../server/app.ts';
import { graph, harness, type Harness } from './helpers.ts';

/** The client codes against `hc<AppType>`: the chained routes must type-check and work end to end. */
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

it('hc<AppType> reaches the API with typed routes', async () => {
  const client = hc<AppType>(h.server.url);
  const cfg = await (await client.api.config.$get()).json();
  expect(cfg.localEngine).toBe(true);
  const saved = await client.api.graphs.$post({
    json: { name: 'typed', graph: graph([['p', 'prompt', { text: 'x' }]], []) },
  });
  expect(saved.status).toBe(201);
  const body = await saved.json();
  const got = await client.api.graphs[':id'].$get({ param: { id: 'id' in body ? body.id : '' } });
  expect(got.status).toBe(200);
});
