import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FalClient } from '@fal-ai/client';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createEngine, type Engine } from './engine/engine.ts';
import type { LocalExecutor } from './engine/local-executors.ts';
import type { Env } from './env.ts';
import { localProxyUrl, serverFalClient } from './fal/client.ts';
import { startEmbeddedLocalFal, type EmbeddedLocalFal } from './fal/embedded.ts';
import { openStore, type Store } from './store/index.ts';

export interface ServerOptions {
  /** 0 = a free port (tests). */
  port?: number;
  host?: string;
  dataDir: string;
  falKey?: string;
  /** A local fal engine already running (tests, a standalone `npm run local-fal`). */
  localFalUrl?: string;
  /** Speed factor when the server starts its own local engine. */
  localFalSpeed?: number;
  /** Use this client instead of building one (tests). */
  fal?: FalClient;
  publicBaseUrl?: string;
  concurrency?: number;
  pollIntervalMs?: number;
  retry?: { max: number; baseMs: number; maxMs?: number };
  uploadMaxBytes?: number;
  accessToken?: string;
  clientDir?: string;
  localExecutors?: Record<string, LocalExecutor>;
  /** Resume runs a previous process left unfinished (default true). */
  resume?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  engine: Engine;
  store: Store;
  fal: FalClient;
  /** The in-process local engine, when the server started one. */
  localFal?: EmbeddedLocalFal;
  close(): Promise<void>;
}

/** Options from parsed env vars. */
export function optionsFromEnv(env: Env): ServerOptions {
  return {
    port: env.PORT, host: env.HOST, dataDir: env.DATA_DIR, falKey: env.FAL_KEY, localFalUrl: env.LOCAL_FAL_URL,
    localFalSpeed: env.LOCAL_FAL_SPEED, publicBaseUrl: env.PUBLIC_BASE_URL, concurrency: env.CONCURRENCY,
    pollIntervalMs: env.POLL_INTERVAL_MS, retry: { max: env.RETRY_MAX, baseMs: env.RETRY_BASE_MS },
    uploadMaxBytes: env.UPLOAD_MAX_MB * 1024 * 1024, accessToken: env.ACCESS_TOKEN,
  };
}

/** Opens the store, builds the fal client (starting a local engine if needed), resumes runs and listens. */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const dataDir = resolve(o.dataDir);
  let localFal: EmbeddedLocalFal | undefined;
  let fal = o.fal;
  if (!fal) {
    if (!o.falKey && !o.localFalUrl) localFal = await startEmbeddedLocalFal({ speed: o.localFalSpeed });
    fal = serverFalClient({ falKey: o.falKey, localProxyUrl: o.localFalUrl ? localProxyUrl(o.localFalUrl) : localFal?.proxyUrl });
  }
  const store = openStore(dataDir);
  const engine = createEngine({
    store, fal, dataDir, mediaDir: resolve(dataDir, 'media'), concurrency: o.concurrency,
    pollIntervalMs: o.pollIntervalMs, retry: o.retry, localExecutors: o.localExecutors,
    falWebhookUrl: o.publicBaseUrl ? `${o.publicBaseUrl.replace(/\/$/, '')}/api/fal/webhook` : undefined,
  });
  const app = createApp({
    engine, fal, accessToken: o.accessToken, uploadMaxBytes: o.uploadMaxBytes, clientDir: o.clientDir,
    config: { localEngine: !o.falKey && !o.fal, version: process.env.npm_package_version ?? '0.1.0' },
  });
  const host = o.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: o.port ?? 0, hostname: host }, () => ok(s));
  });
  const port = (server.address() as AddressInfo).port;
  if (o.resume !== false) engine.resume();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, engine, store, fal, localFal,
    async close() {
      await engine.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        // Open SSE streams would keep close() waiting forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      store.close();
      await localFal?.close();
    },
  };
}
