import { createFalClient, type FalClient } from '@fal-ai/client';
import { getRequestListener } from '@hono/node-server';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultInjector, type FaultPlan, type FaultRoute } from './faults.ts';
import { JobQueue } from './jobs.ts';
import { type LocalFalOptions, resolveOptions } from './options.ts';
import { FixedClip } from './render/fixed-clip.ts';
import { Renderer } from './render/index.ts';
import { createEngineApp } from './server.ts';
import { FileStore } from './storage.ts';

/** Longer than any client pool keeps an idle socket (see the comment at the server). */
const KEEP_ALIVE_MS = 65_000;

export type { LocalFalOptions } from './options.ts';
export type { Fault, FaultPlan, FaultRoute } from './faults.ts';

export interface LocalFalCounters {
  /** Submissions accepted into the queue, per full endpoint id. */
  accepted: Record<string, number>;
  /** Sum of `accepted`. */
  acceptedTotal: number;
  /** Request ids of the accepted submissions, in order. */
  acceptedIds: string[];
  /** HTTP requests seen per route (submit, status, stream, result, cancel, upload, files), faulted ones included. */
  requests: Record<string, number>;
  /** Webhook POST attempts made (retries included). */
  webhookAttempts: number;
}

export interface LocalFalEngine {
  /** Base URL, e.g. `http://127.0.0.1:41234`; fal's own paths are served under it. */
  url: string;
  /** `${url}/api/fal/proxy`: give it to `createFalClient({ proxyUrl: { url, when: 'always' } })`. */
  proxyUrl: string;
  /** A live snapshot of the counters. */
  readonly counters: LocalFalCounters;
  /** When a request finished (epoch ms, the engine's own clock): benchmarks time what follows from it. */
  finishedAt(requestId: string): number | undefined;
  /** Replaces the fault plans (scripts restart); `{}` turns faults off. */
  setFaults(plans: Partial<Record<FaultRoute, FaultPlan>>): void;
  /** Changes how long requests submitted from now on wait in the queue (ms, before speed): tests hold a job there. */
  setQueueDelay(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts the local fal-compatible engine on a loopback port. The main server does this when FAL_KEY is unset;
 * tests do it with a high `speed`.
 */
export async function startLocalFal(
  options: LocalFalOptions & { renderCache?: boolean } = {},
): Promise<LocalFalEngine> {
  const o = resolveOptions(options);
  const ownDir = !o.dataDir;
  const dir = o.dataDir ?? (await mkdtemp(join(tmpdir(), 'pikaflow-local-fal-')));
  let base = '';
  const store = new FileStore(dir, () => base, o.maxFileBytes);
  await store.init();
  const renderer =
    o.render === 'fixed'
      ? new FixedClip(join(dir, 'renders'))
      : new Renderer(
          join(dir, 'renders'),
          { store, fps: o.fps, fetchTimeoutMs: o.fetchTimeoutMs },
          options.renderCache ?? true,
        );
  const queue = new JobQueue(o, renderer, store);
  const faults = new FaultInjector(o.faults);
  const requests: Record<string, number> = {};
  const app = createEngineApp({ queue, store, faults, base: () => base, requests, log: o.log });
  // Our own node:http server rather than `serve()`: listening stays here, so a taken port rejects startLocalFal.
  const server = createServer(getRequestListener(app.fetch));
  // Idle keep-alive sockets live longer than a client's own pool keeps them (undici: 4 s), so the client is always
  // the one to drop an idle socket: with the server closing first, a request sent on a socket being closed is reset
  // (seen under load, and on a submit that reset means "may exist on fal"). close() ends every socket itself.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  return {
    url: base,
    proxyUrl: `${base}/api/fal/proxy`,
    get counters() {
      const accepted = { ...queue.accepted };
      return {
        accepted,
        acceptedTotal: Object.values(accepted).reduce((a, b) => a + b, 0),
        acceptedIds: [...queue.acceptedIds],
        requests: { ...requests },
        webhookAttempts: queue.webhookAttempts,
      };
    },
    finishedAt: (requestId) => queue.finishedAt(requestId),
    setFaults: (plans) => faults.set(plans),
    setQueueDelay: (ms) => {
      o.queueDelayMs = ms;
    },
    async close() {
      queue.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/**
 * A real `@fal-ai/client` instance pointed at the engine through the proxy option, exactly as the product builds
 * its client; nothing else about the client changes.
 */
export function createLocalFalClient(
  engine: Pick<LocalFalEngine, 'proxyUrl'>,
  credentials = 'local:preview',
): FalClient {
  return createFalClient({ credentials, proxyUrl: { url: engine.proxyUrl, when: 'always' } });
}
