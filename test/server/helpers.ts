import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunDetail } from '../../shared/api.ts';
import type { RunEvent } from '../../shared/events.ts';
import type { Graph, GraphInput } from '../../shared/graph.ts';
import { GraphSchema } from '../../shared/graph.ts';
import { startLocalFal, type LocalFalEngine, type LocalFalOptions } from '../../server/local-fal/index.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../server/start-server.ts';

/** Fast knobs: local jobs take ~0.1–0.3 s, polling is quick, our retries wait milliseconds. */
export const FAST_FAL: LocalFalOptions = { speed: 20, fps: 8 };
export const FAST_SERVER = { pollIntervalMs: 40, retry: { max: 5, baseMs: 30, maxMs: 200 }, concurrency: 6 };

export async function tmpDir(prefix = 'pikaflow-server-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface Harness {
  fal: LocalFalEngine;
  server: RunningServer;
  dataDir: string;
  api<T = unknown>(path: string, init?: RequestInit & { json?: unknown }): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * A real local fal engine and a real server (port 0) on a fresh data folder. `paid`: the server has a key and the
 * engine plays fal's hosts (runs are paid, with prices; previews still go to the same engine as the local one).
 */
export async function harness(
  o: { fal?: LocalFalOptions; server?: Partial<ServerOptions>; paid?: boolean } = {},
): Promise<Harness> {
  const fal = await startLocalFal({ ...FAST_FAL, ...o.fal });
  const dataDir = o.server?.dataDir ?? (await tmpDir());
  const paid = o.paid ? { falKey: 'test-key', falStandIn: fal.url } : {};
  const server = await startServer({ ...FAST_SERVER, dataDir, localFalUrl: fal.url, ...paid, ...o.server });
  return {
    fal,
    server,
    dataDir,
    api: (path, init) => api(server.url, path, init),
    async close() {
      await server.close();
      await fal.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function api<T>(base: string, path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const res = await fetch(base + path, {
    ...rest,
    ...(json !== undefined
      ? { method: rest.method ?? 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T };
}

/** How long a test waits for something the product must do before calling it lost: generous, never a timing claim. */
export const PATIENCE_MS = 180_000;

const TERMINAL_STATUS = ['completed', 'failed', 'cancelled'];

/**
 * Waits for the run to end by following its event stream (which the server closes after the terminal event), then
 * returns its detail. No polling: the wait ends on the run's own event. `timeoutMs` only bounds a lost run, and is
 * generous on purpose; the error names the status the run was stuck in.
 */
export async function waitRun(base: string, id: string, timeoutMs = PATIENCE_MS): Promise<RunDetail> {
  const signal = AbortSignal.timeout(timeoutMs);
  let lastId = 0;
  for (;;) {
    const events: { id: number; event: RunEvent }[] = [];
    try {
      await readSse(
        `${base}/api/runs/${id}/events`,
        lastId ? { 'last-event-id': String(lastId) } : {},
        undefined,
        events,
        signal,
      );
    } catch (err) {
      if (!signal.aborted) throw err;
    }
    lastId = events.at(-1)?.id ?? lastId;
    const { status, body } = await api<RunDetail>(base, `/api/runs/${id}`);
    if (status !== 200) throw new Error(`run ${id}: GET answered ${status} ${JSON.stringify(body)}`);
    if (TERMINAL_STATUS.includes(body.status)) return body;
    // The stream ended without a terminal event (a keepalive gap or a server going away): resume from the last id.
    if (signal.aborted)
      throw new Error(`run ${id} still ${body.status} after ${timeoutMs} ms: ${JSON.stringify(body.nodes)}`);
  }
}

/**
 * Reads an SSE stream until it closes; returns the parsed events with their ids. Events are pushed into `events` as
 * they arrive, so a caller whose server dies mid-stream still has what came before. `stopAfter` ends the read early:
 * after that many events, or once a predicate over the events so far holds. `signal` aborts the read.
 */
export async function readSse(
  url: string,
  headers: Record<string, string> = {},
  stopAfter?: number | ((events: { id: number; event: RunEvent }[]) => boolean),
  events: { id: number; event: RunEvent }[] = [],
  signal?: AbortSignal,
) {
  const res = await fetch(url, { headers, signal });
  if (!res.ok || !res.body) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const enough = () =>
    typeof stopAfter === 'function'
      ? stopAfter(events)
      : stopAfter !== undefined && stopAfter > 0 && events.length >= stopAfter;
  let buf = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      const id = block.match(/^id: ?(.*)$/m)?.[1];
      const data = block.match(/^data: ?(.*)$/m)?.[1];
      if (id && data) events.push({ id: Number(id), event: JSON.parse(data) as RunEvent });
    }
    if (enough()) {
      await reader.cancel();
      break;
    }
  }
  return events;
}

let n = 0;
/** Tiny graph builder: node(id, type, params) and edge(from.port → to.port). */
export function graph(nodes: [string, string, Record<string, unknown>?][], edges: [string, string, number?][]): Graph {
  return GraphSchema.parse({
    version: 1,
    nodes: nodes.map(([id, type, params]) => ({ id, type, data: { params: params ?? {} } })),
    edges: edges.map(([from, to, order]) => {
      const [source, sourceHandle] = from.split('.');
      const [target, targetHandle] = to.split('.');
      return {
        id: `e${n++}`,
        source,
        sourceHandle,
        target,
        targetHandle,
        ...(order !== undefined ? { data: { order } } : {}),
      };
    }),
  } satisfies GraphInput);
}
