import { resolve } from 'node:path';
import type { FalClient } from '@fal-ai/client';
import type { EngineCluster } from './engine/cluster.ts';
import { createEngine, type Engine, type EngineTargets } from './engine/engine.ts';
import type { LocalExecutor } from './engine/local-executors.ts';
import { localProxyUrl, serverFalClient } from './fal/client.ts';
import { startEmbeddedLocalFal, type EmbeddedLocalFal } from './fal/embedded.ts';
import { openStore, type Store } from './store/index.ts';

export interface EngineSetup {
  dataDir: string;
  /** `postgres://…` (DATABASE_URL): the store is that shared Postgres database instead of `<dataDir>/pikaflow.db`. */
  databaseUrl?: string;
  /** Kept media, possibly shared with other processes and machines (MEDIA_DIR); default `<dataDir>/media`. */
  mediaDir?: string;
  falKey?: string;
  /** A local fal engine already running (tests, a standalone `npm run local-fal`). */
  localFalUrl?: string;
  /** Speed factor when we start our own local engine. */
  localFalSpeed?: number;
  /** Use this client instead of building one (tests): it plays fal when `falKey` is set, else the local engine. */
  fal?: FalClient;
  /**
   * Tests and benchmarks: a stand-in for fal's hosts (a local fal engine's URL). Paid runs go there through the same
   * client, key handling and submit guard as real fal, so money paths are tested without spending any.
   */
  falStandIn?: string;
  publicBaseUrl?: string;
  concurrency?: number;
  pollIntervalMs?: number;
  retry?: { max: number; baseMs: number; maxMs?: number };
  follow?: { max: number; baseMs: number; maxMs?: number };
  /** After a submit with an unknown outcome: `ask` (default) or `resubmit` automatically (SUBMIT_UNKNOWN). */
  submitPolicy?: 'ask' | 'resubmit';
  localExecutors?: Record<string, LocalExecutor>;
  /** Private origins a run's webhook may reach anyway (tests); by default only public addresses. */
  runWebhookAllowOrigins?: string[];
  /** A team server (issue 14): joins the other processes sharing `databaseUrl` (server/team/team-cluster.ts). */
  team?: (store: Store) => Promise<{ cluster: EngineCluster; close(): Promise<void> }>;
}

export interface OpenedEngine {
  engine: Engine;
  store: Store;
  /** The client runs use by default (fal with a key, else the local engine). */
  fal: FalClient;
  /** The in-process local engine, when one was started (no LOCAL_FAL_URL). */
  localFal?: EmbeddedLocalFal;
  /** True when runs go to a local engine by default (no key: previews, no cost). */
  local: boolean;
  /** Stops following runs (they resume on the next open), closes the store and any local engine. */
  close(): Promise<void>;
}

const originOf = (url: string) => new URL(url).origin;

/**
 * Everything needed to run graphs without HTTP (the CLI uses this; the server wraps it): the store, the engines runs
 * can go to — fal with a key, and always a local engine for free previews (LOCAL_FAL_URL, or one started in-process)
 * — and the engine itself.
 */
export async function openEngine(o: EngineSetup): Promise<OpenedEngine> {
  const dataDir = resolve(o.dataDir);
  let localFal: EmbeddedLocalFal | undefined;
  const targets: EngineTargets = {};
  if (o.fal && o.falKey) targets.fal = { kind: 'fal', fal: o.fal, key: 'fal' };
  else if (o.falKey)
    targets.fal = {
      kind: 'fal',
      fal: serverFalClient({ falKey: o.falKey, standInUrl: o.falStandIn }),
      key: 'fal',
      trustedOrigins: o.falStandIn ? [originOf(o.falStandIn)] : [],
    };
  if (o.fal && !o.falKey)
    targets.local = { kind: 'local', fal: o.fal, key: `local:${o.localFalUrl ? originOf(o.localFalUrl) : 'test'}` };
  else {
    if (!o.localFalUrl) localFal = await startEmbeddedLocalFal({ speed: o.localFalSpeed });
    const url = o.localFalUrl ?? localFal!.url;
    targets.local = {
      kind: 'local',
      fal: serverFalClient({ localProxyUrl: localProxyUrl(url) }),
      key: `local:${originOf(url)}`,
    };
  }
  const store = openStore(dataDir, { databaseUrl: o.databaseUrl });
  const team = await o.team?.(store);
  const engine = createEngine({
    store,
    cluster: team?.cluster,
    targets,
    dataDir,
    mediaDir: o.mediaDir ? resolve(o.mediaDir) : resolve(dataDir, 'media'),
    concurrency: o.concurrency,
    allowOrigins: [o.localFalUrl, localFal?.url, o.falStandIn].filter((u): u is string => !!u).map(originOf),
    pollIntervalMs: o.pollIntervalMs,
    retry: o.retry,
    follow: o.follow,
    submitPolicy: o.submitPolicy,
    localExecutors: o.localExecutors,
    runWebhookAllowOrigins: o.runWebhookAllowOrigins,
    falWebhookUrl: o.publicBaseUrl ? `${o.publicBaseUrl.replace(/\/$/, '')}/api/fal/webhook` : undefined,
    publicBaseUrl: o.publicBaseUrl,
  });
  return {
    engine,
    store,
    fal: (targets.fal ?? targets.local)!.fal,
    localFal,
    local: !targets.fal,
    async close() {
      await engine.close();
      await team?.close();
      store.close();
      await localFal?.close();
    },
  };
}
