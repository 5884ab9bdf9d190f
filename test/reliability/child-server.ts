import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RunEvent } from '../../shared/events.ts';
import { readSse } from '../server/helpers.ts';

const ROOT = join(import.meta.dirname, '../..');

/** `node --import tsx server/index.ts` as a child with `env` on top of ours (FAL_KEY cleared unless given). */
export function spawnServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/index.ts')], {
    cwd: ROOT,
    env: { ...process.env, FAL_KEY: '', ACCESS_TOKEN: '', HOST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Spawns the server and resolves with its URL once it prints "listening on"; rejects if it exits first. */
export function startChildServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawnServer(env);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ url: m[1], child });
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

/**
 * A team server's worker (`npm run worker`) as a child with `env` on top of ours; resolves once it prints
 * "pikaflow worker ready" (it takes jobs from then on), rejects if it exits first.
 */
export function startChildWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/team/worker-main.ts')], {
    cwd: ROOT,
    env: { ...process.env, FAL_KEY: '', ACCESS_TOKEN: '', HOST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('pikaflow worker ready')) resolve(child);
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
  });
}

/** Runs the child to its exit (bounded by `timeoutMs`), returning its exit code and everything it printed. */
export function runToExit(child: ChildProcess, timeoutMs = 20_000): Promise<{ code: number | null; out: string }> {
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Follows a run's event stream from `lastId` (sent as Last-Event-ID) until it ends or the server dies, pushing every
 * event with its id into `sink` (and telling `onEvent`). Never rejects: a killed server simply ends the stream.
 */
export async function followEvents(
  base: string,
  runId: string,
  lastId: number | undefined,
  sink: { id: number; event: RunEvent }[],
  onEvent?: (e: { id: number; event: RunEvent }) => void,
) {
  type Seen = { id: number; event: RunEvent };
  const tap = Object.assign([] as Seen[], {
    push: (...items: Seen[]) => {
      sink.push(...items);
      for (const item of items) onEvent?.(item);
      return sink.length;
    },
  });
  await readSse(
    `${base}/api/runs/${runId}/events`,
    lastId ? { 'last-event-id': String(lastId) } : {},
    undefined,
    tap,
  ).catch(() => {
    // the server was killed mid-stream
  });
}

/** Kill moments are drawn from a seeded PRNG (the engine's own), so a failing seed can be replayed. */
export { rng as prng } from '../../server/local-fal/render/common.ts';
