import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import type { RunEvent } from '../../shared/events.ts';
import { startLocalFal, type LocalFalEngine } from '../../server/local-fal/index.ts';
import { api, tmpDir, waitRun } from '../server/helpers.ts';
import { followEvents, killHard, prng, startChildServer } from './child-server.ts';
import { exampleGraphs, soakGraph } from './soak-graphs.ts';

/**
 * The server as a child process, SIGKILLed at seeded moments while 20 runs are in progress, restarted each time.
 * A kill moment is "after the k-th event this client receives from that server" (k drawn from the seed), never a
 * clock, so a replay kills at the same points of the story. The fal engine lives in this process, so it outlives
 * every kill and knows each submission it accepted. Bounded: 20 runs, 8 kills.
 *
 * The seed is fixed, so every run of the suite soaks the same kill points; CRASH_SEED=<n> tries others (and replays
 * a failure: the seed is printed and is in the test's name).
 */
const RUNS = 20;
const KILLS = 8;
/** Most events a round lets through before its kill. */
const MAX_EVENTS_BEFORE_KILL = 40;
const SEED = Number(process.env.CRASH_SEED ?? 73_901);
if (!Number.isSafeInteger(SEED)) throw new Error(`CRASH_SEED must be an integer, got "${process.env.CRASH_SEED}"`);

let fal: LocalFalEngine;
let dataDir: string;
const live: { kill: () => Promise<void> }[] = [];

beforeAll(async () => {
  // Jobs of ~0.5 s: long enough that kills land while requests are queued or running.
  fal = await startLocalFal({ speed: 8, fps: 4, concurrency: 6 });
  dataDir = await tmpDir('pikaflow-crash-');
});
afterAll(async () => {
  for (const c of live) await c.kill();
  await fal?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const env = () => ({
  PORT: '0',
  DATA_DIR: dataDir,
  LOCAL_FAL_URL: fal.url,
  POLL_INTERVAL_MS: '30',
  RETRY_BASE_MS: '20',
  CONCURRENCY: '6',
});
async function start() {
  const s = await startChildServer(env());
  live.push({ kill: () => killHard(s.child) });
  return s;
}

/**
 * What the database holds right now (read while no server is running): the request id of each run/node, and the
 * submits that had left without an answer stored (the receipt book's `submitting`, as endpoint @ sent-at): cut by this kill.
 */
function atKill(): { ids: Map<string, string>; cut: string[] } {
  const db = new Database(join(dataDir, 'pikaflow.db'));
  try {
    const rows = db.prepare('SELECT run_id, node_id, request_id FROM node_runs WHERE request_id IS NOT NULL').all() as {
      run_id: string;
      node_id: string;
      request_id: string;
    }[];
    const cut = (
      db.prepare("SELECT endpoint, submitted_at FROM fal_jobs WHERE state = 'submitting'").all() as {
        endpoint: string;
        submitted_at: string;
      }[]
    ).map((j) => `${j.endpoint} @ ${j.submitted_at}`);
    return { ids: new Map(rows.map((r) => [`${r.run_id}/${r.node_id}`, r.request_id])), cut };
  } finally {
    db.close();
  }
}

it(`runs survive ${KILLS} SIGKILLs: all complete (or say a job may exist), recorded requests are never resubmitted, no event is lost (seed ${SEED})`, async () => {
  console.log(`crash soak seed: ${SEED} (replay with CRASH_SEED=${SEED})`);
  const random = prng(SEED);
  const examples = exampleGraphs();
  const runIds: string[] = [];
  const seen = new Map<string, { id: number; event: RunEvent }[]>();
  const lastId = (id: string) => seen.get(id)!.at(-1)?.id;
  // Every request id ever seen in the database at a kill, and which node held it.
  const everRecorded = new Map<string, string>();
  // Submits a kill cut (sent, no answer stored): the only way a node may end "may exist on fal".
  const cutSubmits = new Set<string>();

  for (let k = 0; k < KILLS; k++) {
    const server = await start();
    // The kill comes after the `killAfter`-th event received once this round's runs are started, or once every
    // stream has ended (all runs done).
    const killAfter = 1 + Math.floor(random() * MAX_EVENTS_BEFORE_KILL);
    let armed = false;
    let received = 0;
    let enough!: () => void;
    const reachedKillPoint = new Promise<void>((r) => (enough = r));
    const onEvent = () => {
      if (armed && ++received >= killAfter) enough();
    };
    // Reconnect to every run's stream from the last event this client saw.
    const streams = runIds.map((id) => followEvents(server.url, id, lastId(id), seen.get(id)!, onEvent));
    for (let i = 0; i < 3 && runIds.length < RUNS; i++) {
      const n = runIds.length;
      const res = await api<RunDetail>(server.url, '/api/runs', {
        json: { graph: soakGraph(examples, n, 7000 + n + SEED) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      runIds.push(res.body.id);
      seen.set(res.body.id, []);
      streams.push(followEvents(server.url, res.body.id, undefined, seen.get(res.body.id)!, onEvent));
    }
    armed = true;
    await Promise.race([reachedKillPoint, Promise.all(streams)]);
    console.log(
      `crash soak (seed ${SEED}): kill ${k + 1}/${KILLS} after ${received} events (aimed at ${killAfter}) since ${runIds.length} runs were started`,
    );
    await killHard(server.child);
    await Promise.all(streams);
    const { ids, cut } = atKill();
    for (const submit of cut) cutSubmits.add(submit);
    for (const [key, id] of ids) {
      // A node that had a request id at an earlier kill still has that same id: it was re-attached, not resubmitted.
      if (everRecorded.has(key)) expect(id, key).toBe(everRecorded.get(key));
      everRecorded.set(key, id);
    }
  }
  expect(runIds).toHaveLength(RUNS);

  const last = await start();
  const streams = runIds.map((id) => followEvents(last.url, id, lastId(id), seen.get(id)!));
  const done: RunDetail[] = [];
  for (const id of runIds) done.push(await waitRun(last.url, id));
  await Promise.all(streams);
  await killHard(last.child);

  // A kill that lands while a submit is out leaves its outcome unknown: that node ends "may exist on fal" (its
  // dependents skipped) instead of being submitted again. Every other run completes. (One kill can cut several
  // submits at once, so the check is per node: each uncertain node's submit was one a kill cut.)
  const uncertainNodes = done.flatMap((r) =>
    Object.entries(r.nodes)
      .filter(([, n]) => n.state === 'uncertain')
      .map(([id, n]) => ({ key: `${r.id}/${id}`, n })),
  );
  const uncertain = uncertainNodes.map((u) => u.key);
  console.log(
    `crash soak (seed ${SEED}): ${cutSubmits.size} submits cut by kills, ${uncertain.length} nodes uncertain`,
  );
  for (const { key, n } of uncertainNodes)
    expect(
      cutSubmits.has(`${n.endpoint} @ ${n.submittedAt}`),
      `${key} is uncertain but no kill cut its submit: ${JSON.stringify(n)}`,
    ).toBe(true);
  for (const r of done) {
    const states = Object.values(r.nodes).map((n) => n.state);
    if (r.status === 'completed') continue;
    expect(r.status, `${r.id}: ${JSON.stringify(r.nodes)}`).toBe('failed');
    expect(states, r.id).toContain('uncertain');
    expect(
      states.filter((st) => !['done', 'cached', 'uncertain', 'skipped'].includes(st)),
      r.id,
    ).toEqual([]);
  }
  for (const r of done)
    for (const [node, n] of Object.entries(r.nodes)) {
      const before = everRecorded.get(`${r.id}/${node}`);
      if (before) expect(n.requestId, `${r.id}/${node}`).toBe(before);
    }

  // The engine's view: every final id was accepted once; an accepted id that no node ended with was never recorded
  // (the server died between fal accepting it and storing the id: the unavoidable window without idempotency keys).
  const accepted = fal.counters.acceptedIds;
  expect(new Set(accepted).size).toBe(accepted.length);
  const finalIds = new Set(
    done.flatMap((r) => Object.values(r.nodes).flatMap((n) => (n.requestId ? [n.requestId] : []))),
  );
  // A node that submitted its own request reports it as done, paid work (never as a free cache hit).
  for (const r of done)
    for (const [id, n] of Object.entries(r.nodes)) if (n.requestId) expect(n.state, `${r.id}/${id}`).toBe('done');
  for (const id of finalIds) expect(accepted).toContain(id);
  const recordedValues = new Set(everRecorded.values());
  const orphans = accepted.filter((id) => !finalIds.has(id));
  const holder = (id: string) => [...everRecorded].find(([, v]) => v === id)?.[0] ?? '';
  const stateOf = (key: string) => JSON.stringify(done.find((r) => key.startsWith(r.id))?.nodes[key.split('/')[1]]);
  for (const id of orphans)
    expect(recordedValues.has(id), `orphan ${id} had been recorded by ${holder(id)}: ${stateOf(holder(id))}`).toBe(
      false,
    );
  // An accepted job nobody recorded can only come from a submit cut by a kill, and such a node is never resubmitted
  // silently: there are at most as many orphans as nodes that say a job may exist.
  expect(orphans.length).toBeLessThanOrEqual(uncertain.length);

  // Events: the client's union over every connection is exactly the stored log, in order, without gaps or repeats.
  const db = new Database(join(dataDir, 'pikaflow.db'));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const id of runIds) {
      const stored = db.prepare('SELECT seq FROM events WHERE run_id = ? ORDER BY seq').pluck().all(id) as number[];
      const got = seen.get(id)!.map((e) => e.id);
      expect(got, id).toEqual(stored);
      expect(stored, id).toEqual(stored.map((_, i) => stored[0] + i));
      expect(seen.get(id)!.at(-1)!.event.type).toBe(
        done.find((r) => r.id === id)!.status === 'completed' ? 'run.completed' : 'run.failed',
      );
    }
  } finally {
    db.close();
  }
}, 600_000);
