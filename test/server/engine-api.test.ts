import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/events.ts';
import { startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { RunRequestError } from '../../server/engine/prepare-run.ts';
import { openEngine, type OpenedEngine } from '../../server/open-engine.ts';
import { FAST_FAL, FAST_SERVER, graph, tmpDir } from './helpers.ts';

/** The in-process API the CLI uses: no HTTP, same engine, same store. */
let fal: LocalFalEngine;
let opened: OpenedEngine;
let dataDir: string;
let hook: Server;
const received: unknown[] = [];
/** Resolvers waiting for the hook's next delivery (the receiving server is the event, not a clock). */
const deliveries: (() => void)[] = [];
const nextDelivery = () => new Promise<void>((r) => deliveries.push(r));
beforeAll(async () => {
  fal = await startLocalFal(FAST_FAL);
  dataDir = await tmpDir();
  hook = createServer((req, res) => {
    let body = '';
    req
      .on('data', (d) => (body += d))
      .on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
        for (const wake of deliveries.splice(0)) wake();
      });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  // Paid runs (a key, fal played by the local engine), so a budget has something to refuse.
  opened = await openEngine({
    ...FAST_SERVER,
    dataDir,
    localFalUrl: fal.url,
    falKey: 'test-key',
    falStandIn: fal.url,
    runWebhookAllowOrigins: [hookUrl()],
  });
});
const hookUrl = () => `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
afterAll(async () => {
  hook?.close();
  await opened?.close();
  await fal?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('runGraph runs a graph with template inputs and streams every event in order', async () => {
  const g = {
    ...graph(
      [
        ['p', 'prompt', { text: 'default' }],
        ['t', 'pika-turbo-text-to-video', { seed: 4 }],
        ['out', 'output'],
      ],
      [
        ['p.text', 't.prompt'],
        ['t.video', 'out.in'],
      ],
    ),
    inputs: [{ name: 'idea', node: 'p', param: 'text' }],
  };
  const events: RunEvent[] = [];
  const run = await opened.engine.runGraph(g, { inputs: { idea: 'a kite over the sea' } }, (e) => events.push(e));
  expect(run.status).toBe('completed');
  expect(run.nodes.p.outputs?.text).toBe('a kite over the sea');
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.at(-1)!.type).toBe('run.completed');
  expect(() => opened.engine.startRun({ graph: g, inputs: { nope: 1 } })).toThrow(RunRequestError);
  expect(() => opened.engine.startRun({ graph: g, budget: 0, reroll: ['t'] })).toThrow(/budget/);
  // A preview spends nothing, so no budget refuses it.
  const preview = opened.engine.startRun({ graph: g, budget: 0, engine: 'local', reroll: ['t'] });
  expect(preview.engine).toBe('local');
  // Ended here, so no run of this test is still going when the next one starts.
  expect((await opened.engine.waitForRun(preview.id)).status).toBe('completed');
});

it('POSTs the finished run to its webhook; private addresses are refused unless allowed', async () => {
  const g = graph([['p', 'prompt', { text: 'hooked' }]], []);
  const delivered = nextDelivery();
  const run = await opened.engine.runGraph(g, { webhook: `${hookUrl()}/done` });
  await delivered;
  expect(received.at(-1)).toMatchObject({ runId: run.id, status: 'completed' });
  const { notifyRunWebhook } = await import('../../server/engine/run-webhook.ts');
  expect(await notifyRunWebhook(`${hookUrl()}/x`, run, { tries: 1 })).toBe(false);
});
