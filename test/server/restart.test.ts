import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { RunEvent } from '../../shared/events.ts';
import { startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { startChildServer } from '../reliability/child-server.ts';
import { api, graph, readSse, tmpDir, waitRun } from './helpers.ts';

/**
 * The server is a real child process killed with SIGKILL mid-run; the local fal engine lives in the test process, so
 * it outlives the server and counts every submission across the restart.
 */
let fal: LocalFalEngine;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  fal = await startLocalFal({ speed: 2, fps: 8, concurrency: 4 });
  dataDir = await tmpDir();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await fal?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function startChild(): Promise<{ url: string; child: ChildProcess }> {
  const started = await startChildServer({
    PORT: '0',
    DATA_DIR: dataDir,
    LOCAL_FAL_URL: fal.url,
    POLL_INTERVAL_MS: '50',
    RETRY_BASE_MS: '30',
  });
  children.push(started.child);
  return started;
}

it('a server killed mid-run resumes after restart: re-attaches by request id, never submits twice, replays events', async () => {
  const g = graph(
    [
      ['p', 'prompt', { text: 'restart me' }],
      ['a', 'pika-turbo-text-to-video', { seed: 1 }],
      ['b', 'pika-turbo-text-to-video', { seed: 2 }],
      ['c', 'pika-turbo-text-to-video', { seed: 3 }],
      ['t', 'trim', { start: 0, end: 1 }],
      ['out', 'output'],
    ],
    [
      ['p.text', 'a.prompt'],
      ['p.text', 'b.prompt'],
      ['p.text', 'c.prompt'],
      ['a.video', 't.video'],
      ['t.video', 'out.in'],
    ],
  );
  const first = await startChild();
  const start = await api<RunDetail>(first.url, '/api/runs', { json: { graph: g } });
  expect(start.status).toBe(201);
  const runId = start.body.id;
  // Follow the run's events until all three fal nodes hold a request id, then kill without any chance to clean up.
  const submittedAll = (es: { event: RunEvent }[]) =>
    ['a', 'b', 'c'].every((id) => es.some(({ event: e }) => e.type === 'node.submitted' && e.nodeId === id));
  const seen = await readSse(`${first.url}/api/runs/${runId}/events`, {}, submittedAll);
  expect(submittedAll(seen)).toBe(true);
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  expect(fal.counters.acceptedTotal).toBe(3);

  const second = await startChild();
  const done = await waitRun(second.url, runId);
  expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
  expect(fal.counters.acceptedTotal).toBe(3);
  for (const id of ['a', 'b', 'c']) expect(done.nodes[id].attempt).toBe(1);
  expect(done.outputs.out).toMatch(/^\/media\/.+\.mp4$/);

  // Replay after reconnect: from the last id seen before the kill, every later event exactly once, in order.
  const lastSeen = seen.at(-1)!.id;
  const rest = await readSse(`${second.url}/api/runs/${runId}/events`, { 'last-event-id': String(lastSeen) });
  const ids = rest.map((e) => e.id);
  expect(ids[0]).toBe(lastSeen + 1);
  expect(ids).toEqual([...ids].sort((x, y) => x - y));
  expect(new Set(ids).size).toBe(ids.length);
  expect(rest.at(-1)!.event.type).toBe('run.completed');
  second.child.kill('SIGTERM');
});
