import { resolve } from 'node:path';
import type { FalClient } from '@fal-ai/client';
import { createEngine, type Engine } from './engine/engine.ts';
import type { LocalExecutor } from './engine/local-executors.ts';
import { localProxyUrl, serverFalClient } from './fal/client.ts';
import { startEmbeddedLocalFal, type EmbeddedLocalFal } from './fal/embedded.ts';
import { openStore, type Store } from './store/index.ts';

export interface EngineSetup {
  dataDir: string;
  falKey?: string;
  /** A local fal engine already running (tests, a standalone `npm run local-fal`). */
  localFalUrl?: string;
  /** Speed factor when we start our own local engine. */
  localFalSpeed?: number;
  /** Use this client instead of building one (tests). */
  fal?: FalClient;
  publicBaseUrl?: string;
  concurrency?: number;
  pollIntervalMs?: number;
  retry?: { max: number; baseMs: number; maxMs?: number };
  localExecutors?: Record<string, LocalExecutor>;
  /** Private origins a run's webhook may reach anyway (tests); by default only public addresses. */
  runWebhookAllowOrigins?: string[];
}

export interface OpenedEngine {
  engine: Engine;
  store: Store;
  fal: FalClient;
  /** The in-process local engine, when one was started (no FAL_KEY, no LOCAL_FAL_URL). */
  localFal?: EmbeddedLocalFal;
  /** True when runs go to a local engine (previews, no cost). */
  local: boolean;
  /** Stops following runs (they resume on the next open), closes the store and any local engine. */
  close(): Promise<void>;
}

/**
 * Everything needed to run graphs without HTTP (the CLI uses this; the server wraps it): the store, the fal client
 * (real fal with a key, else a local engine), and the engine itself.
 */
export async function openEngine(o: EngineSetup): Promise<OpenedEngine> {
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
    allowOrigins: [o.localFalUrl, localFal?.url].filter((u): u is string => !!u).map((u) => new URL(u).origin),
    pollIntervalMs: o.pollIntervalMs, retry: o.retry, localExecutors: o.localExecutors, runWebhookAllowOrigins: o.runWebhookAllowOrigins,
    falWebhookUrl: o.publicBaseUrl ? `${o.publicBaseUrl.replace(/\/$/, '')}/api/fal/webhook` : undefined,
    publicBaseUrl: o.publicBaseUrl,
  });
  return {
    engine, store, fal, localFal, local: !o.falKey,
    async close() {
      await engine.close();
      store.close();
      await localFal?.close();
    },
  };
}
