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
const hits: { status: number; body: { runId: string; status: string; outputs: Record<string, string> } }[] = [];
const story = JSON.parse(readFileSync(join(import.meta.dirname, '../../examples/story-continuation.json'), 'utf8')) as Graph;
const inputs = { opening: 'A paper boat on a rain gutter', continuation: 'The boat drops into a storm drain' };
const hookUrl = () => `http://127.0.0.1:${(hook.address() as AddressInfo).port}/done`;

beforeAll(async () => {
  // Refuses the first delivery, so the engine's retry is what gets it through.
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d)).on('end', () => {
      const status = hits.length === 0 ? 503 : 200;
      hits.push({ status, body: JSON.parse(body) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  h = await harness({ server: { runWebhookAllowOrigins: [new URL(hookUrl()).origin] } });
  const saved = await h.api<StoredGraph>('/api/graphs', { json: { name: 'Story continuation', graph: story } });
  expect(saved.status).toBe(201);
  template = saved.body;
});
afterAll(async () => {
  hook?.close();
  await h?.close();
});

describe('a template as an app', () => {
  let apiRun: RunDetail;

  it('publishes its input schema: two named inputs with labels, types and defaults', async () => {
    const res = await h.api<{ fields: { name: string; label: string; default: unknown; schema: { type?: string } }[] }>(
      `/api/templates/${template.id}/inputs`);
    expect(res.status).toBe(200);
    expect(res.body.fields.map((f) => [f.name, f.label, f.schema.type])).toEqual([
      ['opening', 'Opening scene', 'string'], ['continuation', 'What happens next', 'string']]);
    expect(res.body.fields[0].default).toBe('A lighthouse on a cliff as a storm rolls in');
  });

  it('refuses a bad input with 400 naming the input, before anything runs', async () => {
    const before = h.fal.counters.acceptedTotal;
    const wrongType = await h.api<{ error: string; problems: { field: string }[] }>(`/api/templates/${template.id}/runs`,
      { json: { inputs: { opening: 42 } } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/opening/);
    expect(wrongType.body.problems[0].field).toBe('inputs.opening');
    const unknown = await h.api<{ error: string }>(`/api/templates/${template.id}/runs`, { json: { inputs: { openin: 'x' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/openin.*no such input/);
    expect((await h.api(`/api/templates/nope/runs`, { json: { inputs: {} } })).status).toBe(404);
    expect(h.fal.counters.acceptedTotal).toBe(before);
  });

  it('runs through the API with the inputs, and its webhook is retried until accepted', async () => {
    const start = await h.api<RunDetail>(`/api/templates/${template.id}/runs`, { json: { inputs, webhook: hookUrl() } });
    expect(start.status, JSON.stringify(start.body)).toBe(201);
    apiRun = await waitRun(h.server.url, start.body.id, 30_000);
    expect(apiRun.status).toBe('completed');
    expect(apiRun.graphId).toBe(template.id);
    expect(apiRun.nodes.p.outputs?.text).toBe(inputs.opening);
    expect(apiRun.nodes.p2.outputs?.text).toBe(inputs.continuation);
    for (let i = 0; i < 100 && hits.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hits.map((x) => x.status)).toEqual([503, 200]);
    expect(hits[1].body).toMatchObject({ runId: apiRun.id, status: 'completed', outputs: apiRun.outputs });
  }, 30_000);

  it('runs through the CLI (same data folder) with the same fingerprints and kept files, paying nothing again', async () => {
    const before = h.fal.counters.acceptedTotal;
    const env = { ...process.env, DATA_DIR: h.dataDir, LOCAL_FAL_URL: h.fal.url, POLL_INTERVAL_MS: '40', FAL_KEY: '' };
    const args = ['bin/pikaflow.mjs', 'run', '--template', 'Story continuation', '--input', `opening=${inputs.opening}`,
      '--input', `continuation=${inputs.continuation}`];
    const cli = await exec('node', args, { env, timeout: 60_000 });
    expect(cli.stdout).toMatch(/: completed · preview/);
    const cliRunId = cli.stdout.match(/Run ([a-f0-9-]{36}): completed/)![1];
    const cliRun = h.server.engine.getRun(cliRunId)!;
    expect(cliRun.graphId).toBe(template.id);
    for (const id of ['p', 't2v', 'last', 'p2', 'i2v', 'join']) {
      expect(cliRun.nodes[id].fingerprint, id).toBe(apiRun.nodes[id].fingerprint);
      expect(cliRun.nodes[id].outputs, id).toEqual(apiRun.nodes[id].outputs);
    }
    expect(h.fal.counters.acceptedTotal).toBe(before);
    // Its own output copy names its own run, and still credits the requests that made it.
    const printed = cli.stdout.match(/out: (\S+\.mp4)/)![1];
    const prov = (await readProvenance(printed))!;
    expect(prov.runId).toBe(cliRunId);
    expect(new Set(prov.requestIds)).toEqual(new Set([apiRun.nodes.t2v.requestId, apiRun.nodes.i2v.requestId]));
  }, 60_000);
});
