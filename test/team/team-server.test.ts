import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { RunEvent as RunEventLike } from '../../shared/events.ts';
import { startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { cancelUnstarted } from '../../server/engine/cluster.ts';
import { eventLog } from '../../server/engine/event-log.ts';
import { type RunningServer, type ServerOptions, startServer } from '../../server/start-server.ts';
import { openStore } from '../../server/store/index.ts';
import { freePort, startEmbeddedPostgres, type EmbeddedPg } from '../../server/store/pg/embedded-postgres.ts';
import { databaseProblem } from '../../server/team/database-words.ts';
import { CHANNELS, openBus } from '../../server/team/bus.ts';
import { startWorker } from '../../server/team/worker.ts';
import { api, FAST_SERVER, graph, readSse, tmpDir, waitRun } from '../server/helpers.ts';

/**
 * A team server in one test process: an embedded Postgres, one API (startServer with a databaseUrl) and workers
 * (startWorker) sharing it and one media folder. The API never executes a run: a worker takes its job, and the
 * API's event stream still shows every event, because events reach it over LISTEN/NOTIFY.
 */
let pg: EmbeddedPg;
let fal: LocalFalEngine;
let dir: string;
let n = 0;

beforeAll(async () => {
  pg = await startEmbeddedPostgres();
  fal = await startLocalFal({ speed: 20, fps: 8 });
  dir = await tmpDir('pikaflow-team-');
});
afterAll(async () => {
  await fal?.close();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `pikaflow …` as a child process with `env` on top of ours (no key unless given). */
function cli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const child = execFile('node', ['bin/pikaflow.mjs', ...args], { env: { ...process.env, FAL_KEY: '', ...env } });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

/**
 * A fresh team (own database) for one test: one API and `workers` workers, each its own engine as on its own machine;
 * `addApi` / `addWorker` start more of them on the same database, media folder and local engine.
 */
async function team(workers: number, o: { concurrency?: number; fal?: LocalFalEngine } = {}) {
  const id = ++n;
  const databaseUrl = await pg.createDatabase(`team_${id}`);
  const mediaDir = join(dir, `media-${id}`);
  const common = {
    ...FAST_SERVER,
    databaseUrl,
    mediaDir,
    localFalUrl: (o.fal ?? fal).url,
    concurrency: o.concurrency ?? 6,
  };
  let k = 0;
  const apis: RunningServer[] = [];
  const started: Awaited<ReturnType<typeof startWorker>>[] = [];
  const addApi = async (extra: Partial<ServerOptions> = {}) => {
    const api = await startServer({ ...common, dataDir: join(dir, `api-${id}-${k++}`), ...extra });
    apis.push(api);
    return api;
  };
  const addWorker = async () => {
    const w = await startWorker({
      ...common,
      dataDir: join(dir, `worker-${id}-${k++}`),
      workerConcurrency: 4,
      pollSeconds: 0.5,
    });
    started.push(w);
    return w;
  };
  const server = await addApi();
  for (let i = 0; i < workers; i++) await addWorker();
  return {
    server,
    workers: started,
    databaseUrl,
    mediaDir,
    addApi,
    addWorker,
    async close() {
      for (const w of started) await w.close();
      for (const api of apis) await api.close();
    },
  };
}

const t2v = (prompt: string) =>
  graph(
    [
      ['t', 'pika-turbo-text-to-video', { prompt, seed: 1, resolution: '720p', duration: 5 }],
      ['out', 'output'],
    ],
    [['t.video', 'out.in']],
  );
const start = (s: RunningServer, prompt: string) =>
  api<RunDetail>(s.url, '/api/runs', { json: { graph: t2v(prompt) } });

describe('a team server on Postgres', () => {
  it('a worker executes what the API queued; the API streams every event in order and serves the kept file', async () => {
    const t = await team(1);
    try {
      const res = await start(t.server, `team: a paper boat ${n}`);
      expect(res.status).toBe(201);
      const events = await readSse(`${t.server.url}/api/runs/${res.body.id}/events`);
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(events.map((e) => e.event.type)).toEqual(
        expect.arrayContaining(['run.queued', 'run.started', 'node.submitted']),
      );
      expect(events.at(-1)?.event.type).toBe('run.completed');
      expect(t.server.engine.isActive(res.body.id)).toBe(false);
      expect(t.workers[0].engine.isActive(res.body.id)).toBe(false);
      const run = await waitRun(t.server.url, res.body.id);
      const file = await fetch(t.server.url + run.outputs.out);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('video/mp4');
    } finally {
      await t.close();
    }
  });

  it('a second API process streams, live, a run the first one queued and a worker then executes', async () => {
    const t = await team(0);
    const other = await t.addApi();
    try {
      const res = await start(t.server, `team: seen from the other API ${n}`);
      // Following it on the other API while it waits for a worker: everything after run.queued arrives live.
      const seen: { id: number; event: RunEventLike }[] = [];
      const following = readSse(`${other.url}/api/runs/${res.body.id}/events`, {}, undefined, seen);
      await expect.poll(() => seen.length).toBe(1);
      await t.addWorker();
      const events = await following;
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(events.map((e) => e.event.type)).toEqual(expect.arrayContaining(['run.started', 'node.submitted']));
      expect(events.at(-1)?.event.type).toBe('run.completed');
      const file = await fetch(other.url + (await waitRun(other.url, res.body.id)).outputs.out);
      expect(file.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('a run queued while no worker runs waits; cancelled then, it ends at once and no worker ever submits it', async () => {
    const t = await team(0);
    try {
      const before = fal.counters.acceptedTotal;
      const res = await start(t.server, `team: queued then cancelled ${n}`);
      expect(res.body.status).toBe('queued');
      // What the run bar asks while a run waits: nobody is there to take it.
      expect((await api(t.server.url, '/api/team')).body).toEqual({ workers: 0, queued: 1, running: 0 });
      const cancel = await api<RunDetail>(t.server.url, `/api/runs/${res.body.id}/cancel`, { method: 'POST' });
      expect(cancel.status).toBe(200);
      expect(cancel.body.status).toBe('cancelled');
      expect(cancel.body.nodes.t.state).toBe('cancelled');
      // A worker that starts now finds nothing to take for it, and a later run is still executed.
      await t.addWorker();
      expect((await api<{ workers: number }>(t.server.url, '/api/team')).body.workers).toBe(1);
      const next = await waitRun(t.server.url, (await start(t.server, `team: after the cancel ${n}`)).body.id);
      expect(next.status).toBe('completed');
      expect(fal.counters.acceptedTotal - before).toBe(1);
      expect((await api<RunDetail>(t.server.url, `/api/runs/${res.body.id}`)).body.status).toBe('cancelled');
    } finally {
      await t.close();
    }
  });

  it('cancel at the API reaches the worker holding the run, which cancels its fal request', async () => {
    const t = await team(1);
    try {
      const cancelsBefore = fal.counters.requests.cancel ?? 0;
      const res = await start(t.server, `team: cancel me ${n}`);
      // Cancel the moment the worker says the request is at fal (seen through the API's own stream).
      await readSse(`${t.server.url}/api/runs/${res.body.id}/events`, {}, (ev) =>
        ev.some((e) => e.event.type === 'node.submitted'),
      );
      const cancel = await api(t.server.url, `/api/runs/${res.body.id}/cancel`, { method: 'POST' });
      expect(cancel.status).toBe(200);
      const run = await waitRun(t.server.url, res.body.id);
      // A job that finished before the cancel arrived completes instead; both are the truth, not a lost cancel.
      if (run.status === 'cancelled') expect(fal.counters.requests.cancel ?? 0).toBeGreaterThan(cancelsBefore);
      else expect(run.status).toBe('completed');
    } finally {
      await t.close();
    }
  });

  it('a worker stopped mid-run gives the run back at once; another resumes it on the same fal request', async () => {
    // Jobs of a few seconds, so the stop lands while the request is at fal.
    const slow = await startLocalFal({ speed: 1, fps: 4 });
    const t = await team(1, { fal: slow });
    try {
      const res = await start(t.server, `team: handed over ${n}`);
      const seen = await readSse(`${t.server.url}/api/runs/${res.body.id}/events`, {}, (ev) =>
        ev.some((e) => e.event.type === 'node.submitted'),
      );
      const requestId = seen.map((e) => e.event).find((e) => e.type === 'node.submitted')!.requestId;
      await t.workers[0].close();
      t.workers.splice(0, 1);
      const next = await t.addWorker();
      const run = await waitRun(t.server.url, res.body.id);
      expect(run.status).toBe('completed');
      expect(run.nodes.t.requestId).toBe(requestId);
      expect(slow.counters.acceptedTotal).toBe(1);
      expect(next.engine.counters.submitted).toBe(0);
      const events = await readSse(`${t.server.url}/api/runs/${res.body.id}/events`);
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    } finally {
      await t.close();
      await slow.close();
    }
  });

  it('a paid run taken by a worker without FAL_KEY fails at once, saying what to fix', async () => {
    const t = await team(0);
    // This API holds a key (fal is played by the local engine); the worker below was started without one.
    const paid = await t.addApi({ falKey: 'test-key', falStandIn: fal.url });
    try {
      const res = await start(paid, `team: paid, no key on the worker ${n}`);
      expect(res.body.engine).toBe('fal');
      await t.addWorker();
      const run = await waitRun(paid.url, res.body.id);
      expect(run.status).toBe('failed');
      expect(run.nodes.t.state).toBe('skipped');
      expect(run.nodes.t.log).toMatch(/no FAL_KEY: start every worker with the same FAL_KEY as the API/);
      const last = (await readSse(`${paid.url}/api/runs/${res.body.id}/events`)).at(-1)?.event;
      expect(last).toMatchObject({ type: 'run.failed', message: expect.stringMatching(/no FAL_KEY/) });
    } finally {
      await t.close();
    }
  });

  it('a database that cannot be opened stops the server with what to fix (no password shown)', async () => {
    const good = new URL(await pg.createDatabase(`team_${++n}`));
    const tries: [string, RegExp][] = [
      [Object.assign(new URL(good), { password: 'wrong-pw' }).toString(), /refused the user name or password/],
      [Object.assign(new URL(good), { pathname: '/no_such_db' }).toString(), /that database does not exist/],
      [Object.assign(new URL(good), { port: String(await freePort()) }).toString(), /nothing answers there/],
    ];
    for (const [databaseUrl, words] of tries) {
      const err = await startServer({ databaseUrl, dataDir: join(dir, `bad-${n}`), localFalUrl: fal.url }).then(
        (s) => s.close().then(() => undefined),
        (e: unknown) => e,
      );
      const said = databaseProblem(err, databaseUrl);
      expect(said).toMatch(words);
      expect(said).not.toContain(`:${new URL(databaseUrl).password}@`);
      expect(said).toContain(':***@');
    }
  });

  it('the CLI with DATABASE_URL queues its run for the team and follows it to the end a worker brings', async () => {
    const t = await team(1);
    try {
      const r = await cli(['run', 'examples/turbo-text-to-video.json', '--set', `t2v.prompt=team: from the CLI ${n}`], {
        DATABASE_URL: t.databaseUrl,
        MEDIA_DIR: t.mediaDir,
        LOCAL_FAL_URL: fal.url,
        DATA_DIR: join(dir, `cli-${n}`),
        POLL_INTERVAL_MS: '40',
      });
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain("the run goes to the team's queue");
      expect(r.out).toMatch(/✓ t2v done/);
      expect(t.workers[0].engine.counters.submitted).toBe(1);
    } finally {
      await t.close();
    }
  });

  it("an event stored without its notification (a worker killed in between) still reaches the API's stream", async () => {
    const t = await team(0);
    const elsewhere = openStore(join(dir, `elsewhere-${n}`), { databaseUrl: t.databaseUrl });
    try {
      const res = await start(t.server, `team: lost notification ${n}`);
      const seen: { id: number; event: RunEventLike }[] = [];
      const following = readSse(`${t.server.url}/api/runs/${res.body.id}/events`, {}, undefined, seen);
      await expect.poll(() => seen.length).toBe(1);
      // What a worker does when it ends a run, minus the NOTIFY it never got to send.
      cancelUnstarted(res.body.id, elsewhere.runs, eventLog(elsewhere.runs));
      const events = await following;
      expect(events.map((e) => e.event.type)).toEqual([
        'run.queued',
        'node.cancelled',
        'node.cancelled',
        'run.cancelled',
      ]);
    } finally {
      elsewhere.close();
      await t.close();
    }
  });

  it("fal's webhook reaching the API wakes the worker that waits on that request (no stream, polls 10 min apart)", async () => {
    // fal's status stream always fails here, so the worker falls back to polling, 10 minutes apart: within the
    // test's time only the webhook (to the API, passed on over NOTIFY) can tell it the job finished.
    const hooked = await startLocalFal({ speed: 20, fps: 8, faults: { stream: { rate: 1, kinds: [503] } } });
    const databaseUrl = await pg.createDatabase(`team_${++n}`);
    const port = await freePort();
    const common = {
      ...FAST_SERVER,
      databaseUrl,
      mediaDir: join(dir, `media-${n}`),
      localFalUrl: hooked.url,
      publicBaseUrl: `http://127.0.0.1:${port}`,
      pollIntervalMs: 120_000,
    };
    const api1 = await startServer({ ...common, port, dataDir: join(dir, `api-hook-${n}`) });
    const worker = await startWorker({ ...common, dataDir: join(dir, `worker-hook-${n}`), pollSeconds: 0.5 });
    try {
      const res = await start(api1, `team: woken by the webhook ${n}`);
      const run = await waitRun(api1.url, res.body.id);
      expect(run.status).toBe('completed');
      expect(hooked.counters.webhookAttempts).toBeGreaterThan(0);
      expect(hooked.counters.requests.stream ?? 0).toBeGreaterThan(0);
    } finally {
      await worker.close();
      await api1.close();
      await hooked.close();
    }
  });

  it('a fal webhook arriving at the API is passed on to every process of the team', async () => {
    const t = await team(0);
    const bus = await openBus(t.databaseUrl);
    try {
      const heard = new Promise<string>((resolve) => bus.on(CHANNELS.webhook, resolve));
      const res = await api(t.server.url, '/api/fal/webhook', { json: { request_id: 'req-from-fal-1' } });
      expect(res.status).toBe(200);
      expect(await heard).toBe('req-from-fal-1');
    } finally {
      await bus.close();
      await t.close();
    }
  });

  it('two workers share the fal limit: never more fal jobs at once than CONCURRENCY across the team', async () => {
    const t = await team(2, { concurrency: 2 });
    try {
      const ids = [];
      for (let i = 0; i < 6; i++) ids.push((await start(t.server, `team: limit ${n} #${i}`)).body.id);
      // Each node's submitted → completed span, from the stored events: the most that overlap is what fal saw.
      const runs = await Promise.all(ids.map((id) => waitRun(t.server.url, id)));
      expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'completed'));
      const spans: [number, number][] = [];
      for (const id of ids) {
        const ev = (await readSse(`${t.server.url}/api/runs/${id}/events`)).map((e) => e.event);
        const sub = ev.find((e) => e.type === 'node.submitted')!;
        const done = ev.find((e) => e.type === 'node.completed')!;
        spans.push([Date.parse(sub.at), Date.parse(done.at)]);
      }
      const most = Math.max(...spans.map(([s]) => spans.filter(([a, b]) => a <= s && s < b).length));
      expect(most).toBeLessThanOrEqual(2);
      // Both workers took part (the limit is the team's, not one worker's).
      const byWorker = t.workers.map((w) => w.engine.counters.submitted);
      expect(byWorker.every((c) => c > 0)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
