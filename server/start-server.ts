import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { Env } from './env.ts';
import { tokensFromEnv, type NamedToken } from './http/access-token.ts';
import { openEngine, type EngineSetup, type OpenedEngine } from './open-engine.ts';
import { openTeam } from './team/team-cluster.ts';

export interface ServerOptions extends EngineSetup {
  /** 0 = a free port (tests). */
  port?: number;
  host?: string;
  uploadMaxBytes?: number;
  accessToken?: string;
  /** Named tokens, one per person (ACCESS_TOKENS / ACCESS_TOKENS_FILE); ACCESS_TOKEN is "owner". */
  accessTokens?: NamedToken[];
  /** How long a sign-in lasts. */
  sessionDays?: number;
  /** Built client (dist/client), served with an SPA fallback. */
  clientDir?: string;
  /** Resume runs a previous process left unfinished (default true). */
  resume?: boolean;
}

export interface RunningServer extends Omit<OpenedEngine, 'close' | 'local'> {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Options from parsed env vars. */
export function optionsFromEnv(env: Env): ServerOptions {
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    mediaDir: env.MEDIA_DIR,
    falKey: env.FAL_KEY,
    localFalUrl: env.LOCAL_FAL_URL,
    localFalSpeed: env.LOCAL_FAL_SPEED,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    concurrency: env.CONCURRENCY,
    pollIntervalMs: env.POLL_INTERVAL_MS,
    retry: { max: env.RETRY_MAX, baseMs: env.RETRY_BASE_MS },
    submitPolicy: env.SUBMIT_UNKNOWN,
    uploadMaxBytes: env.UPLOAD_MAX_MB * 1024 * 1024,
    accessToken: env.ACCESS_TOKEN,
    // ACCESS_TOKEN is already first in this list (as "owner"): pass only the named ones here.
    accessTokens: tokensFromEnv({ ...env, ACCESS_TOKEN: undefined }).tokens,
    sessionDays: env.SESSION_DAYS,
  };
}

/** Opens the engine (starting a local fal engine if needed), listens, then resumes unfinished runs. */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const { databaseUrl } = o;
  // On Postgres this process is a team server's API: runs go to the job queue and `npm run worker` executes them.
  let joined: Awaited<ReturnType<typeof openTeam>> | undefined;
  const team = databaseUrl
    ? async (store: Parameters<typeof openTeam>[0]) =>
        (joined = await openTeam(store, { databaseUrl, role: 'api', concurrency: o.concurrency ?? 4 }))
    : undefined;
  const opened = await openEngine({ team, ...o });
  const { engine, fal } = opened;
  const app = createApp({
    engine,
    fal,
    accessToken: o.accessToken,
    accessTokens: o.accessTokens,
    sessionDays: o.sessionDays,
    uploadMaxBytes: o.uploadMaxBytes,
    clientDir: o.clientDir,
    teamStatus: joined?.status,
    config: {
      localEngine: opened.local,
      canPreview: !opened.local,
      submitPolicy: o.submitPolicy ?? 'ask',
      version: process.env.npm_package_version ?? '0.1.0',
      team: !!joined,
    },
  });
  const host = o.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: o.port ?? 0, hostname: host }, () => ok(s));
  });
  // The client, not the server, drops idle keep-alive sockets (undici keeps them 4 s; node:http's default here is
  // 5 s): a request sent on a socket the server is just closing is reset, which under load reached the tests and,
  // from the engine's side, would read as a submit of unknown outcome. close() ends every socket itself.
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;
  if (o.resume !== false) engine.resume();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    engine,
    fal,
    store: opened.store,
    localFal: opened.localFal,
    async close() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        // Open SSE streams would keep close() waiting forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await opened.close();
    },
  };
}
