import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredGraph, RunDetail } from '../../shared/api.ts';
import type { Graph } from '../../shared/graph.ts';
import { readProvenance } from '../../server/media/provenance.ts';
import { harness, waitRun, type Harness } from '../server/helpers.ts';

const exec = promisify(execFile);

/** Story continuation kept as a template with two exposed inputs, run through the API and through the CLI. */
let h: Harness;
let hook: Server;
let template: StoredGraph;
type Hit = { status: number; body: { runId: string; status: string; outputs: Record<string, string> } };
/** Deliveries per path: each test gives its run its own webhook path, so no test sees another's deliveries. */
const hits = new Map<string, Hit[]>();
const hitWaiters = new Set<() => void>();
const story = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../examples/story-continuation.json'), 'utf8'),
) as Graph;
const hookUrl = (path: string) => `http://127.0.0.1:${(hook.address() as AddressInfo).port}${path}`;
/** Resolves once `path` has received `n` deliveries (the receiver is the event; no clock). */
const deliveries = (path: string, n: number) =>
  new Promise<Hit[]>((resolve) => {
    const check = () => {
      const got = hits.get(path) ?? [];
      if (got.length >= n) hitWaiters.delete(check), resolve(got);
    };
    hitWaiters.add(check);
    check();
  });

beforeAll(async () => {
  // Refuses the first delivery on each path, so the engine's retry is what gets it through.
  hook = createServer((req, res) => {
    let body = '';
    req
      .on('data', (d) => (body += d))
      .on('end', () => {
        const got = hits.get(req.url!) ?? [];
        hits.set(req.url!, got);
        const status = got.length === 0 ? 503 : 200;
        got.push({ status, body: JSON.parse(body) });
        res.writeHead(status).end();
        for (const check of [...hitWaiters]) check();
      });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  h = await harness({ server: { runWebhookAllowOrigins: [new URL(hookUrl('/')).origin] } });
  const saved = await h.api<StoredGraph>('/api/graphs', { json: { name: 'Story continuation', graph: story } });
  expect(saved.status).toBe(201);
  template = saved.body;
});
afterAll(async () => {
  hook?.close();
  await h?.close();
});

/** Runs the template through the API with `inputs` (and a webhook, if given) to its end. */
async function apiRun(inputs: Record<string, string>, webhook?: string): Promise<RunDetail> {
  const start = await h.api<RunDetail>(`/api/templates/${template.id}/runs`, {
    json: { inputs, ...(webhook ? { webhook } : {}) },
  });
  expect(start.status, JSON.stringify(start.body)).toBe(201);
  return waitRun(h.server.url, start.body.id);
}

describe('a template as an app', () => {
  it('publishes its input schema: two named inputs with labels, types and defaults', async () => {
    const res = await h.api<{ fields: { name: string; label: string; default: unknown; schema: { type?: string } }[] }>(
      `/api/templates/${template.id}/inputs`,
    );
    expect(res.status).toBe(200);
    expect(res.body.fields.map((f) => [f.name, f.label, f.schema.type])).toEqual([
      ['opening', 'Opening scene', 'string'],
      ['continuation', 'What happens next', 'string'],
    ]);
    expect(res.body.fields[0].default).toBe('A lighthouse on a cliff as a storm rolls in');
  });

  it('refuses a bad input with 400 naming the input, before anything runs', async () => {
    const before = h.fal.counters.acceptedTotal;
    const wrongType = await h.api<{ error: string; problems: { field: string }[] }>(
      `/api/templates/${template.id}/runs`,
      { json: { inputs: { opening: 42 } } },
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/opening/);
    expect(wrongType.body.problems[0].field).toBe('inputs.opening');
    const unknown = await h.api<{ error: string }>(`/api/templates/${template.id}/runs`, {
      json: { inputs: { openin: 'x' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/openin.*no such input/);
    expect((await h.api(`/api/templates/nope/runs`, { json: { inputs: {} } })).status).toBe(404);
    expect(h.fal.counters.acceptedTotal).toBe(before);
  });

  it('runs through the API with the inputs, and its webhook is retried until accepted', async () => {
    const inputs = { opening: 'A paper boat on a rain gutter', continuation: 'The boat drops into a storm drain' };
    const made = await apiRun(inputs, hookUrl('/api-run'));
    expect(made.status).toBe('completed');
    expect(made.graphId).toBe(template.id);
    expect(made.nodes.p.outputs?.text).toBe(inputs.opening);
    expect(made.nodes.p2.outputs?.text).toBe(inputs.continuation);
    const got = await deliveries('/api-run', 2);
    expect(got.map((x) => x.status)).toEqual([503, 200]);
    expect(got[1].body).toMatchObject({ runId: made.id, status: 'completed', outputs: made.outputs });
  });

  it('runs through the CLI (same data folder) with the same fingerprints and kept files as the API, paying nothing again', async () => {
    // Its own inputs, made through the API first (not borrowed from another test's run).
    const inputs = {
      opening: 'A kite caught in a chestnut tree',
      continuation: 'The wind frees the kite over the river',
    };
    const viaApi = await apiRun(inputs);
    expect(viaApi.status).toBe('completed');
    const before = h.fal.counters.acceptedTotal;
    const env = { ...process.env, DATA_DIR: h.dataDir, LOCAL_FAL_URL: h.fal.url, POLL_INTERVAL_MS: '40', FAL_KEY: '' };
    const args = [
      'bin/pikaflow.mjs',
      'run',
      '--template',
      'Story continuation',
      '--input',
      `opening=${inputs.opening}`,
      '--input',
      `continuation=${inputs.continuation}`,
    ];
    const cli = await exec('node', args, { env, timeout: 180_000 });
    expect(cli.stdout).toMatch(/: completed · preview/);
    const cliRunId = cli.stdout.match(/Run ([a-f0-9-]{36}): completed/)![1];
    const cliRun = h.server.engine.getRun(cliRunId)!;
    expect(cliRun.graphId).toBe(template.id);
    for (const id of ['p', 't2v', 'last', 'p2', 'i2v', 'join']) {
      expect(cliRun.nodes[id].fingerprint, id).toBe(viaApi.nodes[id].fingerprint);
      expect(cliRun.nodes[id].outputs, id).toEqual(viaApi.nodes[id].outputs);
    }
    expect(h.fal.counters.acceptedTotal).toBe(before);
    // Its own output copy names its own run, and still credits the requests that made it.
    const printed = cli.stdout.match(/out: (\S+\.mp4)/)![1];
    const prov = (await readProvenance(printed))!;
    expect(prov.runId).toBe(cliRunId);
    expect(new Set(prov.requestIds)).toEqual(new Set([viaApi.nodes.t2v.requestId, viaApi.nodes.i2v.requestId]));
  });
});
