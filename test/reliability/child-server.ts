import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { RunEvent } from '../../shared/events.ts';

const ROOT = join(import.meta.dirname, '../..');

/** `node --import tsx server/index.ts` as a child with `env` on top of ours (FAL_KEY cleared unless given). */
export function spawnServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/index.ts')], {
    cwd: ROOT, env: { ...process.env, FAL_KEY: '', ACCESS_TOKEN: '', HOST: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
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
 * event with its id into `sink`. Never rejects: a killed server simply ends the stream.
 */
export async function followEvents(base: string, runId: string, lastId: number | undefined, sink: { id: number; event: RunEvent }[]) {
  try {
    const res = await fetch(`${base}/api/runs/${runId}/events`, { headers: lastId ? { 'last-event-id': String(lastId) } : {} });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const id = block.match(/^id: ?(.*)$/m)?.[1];
        const data = block.match(/^data: ?(.*)$/m)?.[1];
        if (id && data) sink.push({ id: Number(id), event: JSON.parse(data) as RunEvent });
      }
    }
  } catch {
    // the server was killed mid-stream
  }
}

/** Small seeded PRNG (mulberry32): kill moments are random but a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
