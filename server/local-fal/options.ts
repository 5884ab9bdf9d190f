import { loadEngineEnv } from './env.ts';
import type { FaultPlan, FaultRoute } from './faults.ts';

/** Knobs of the local fal engine. Every one can also come from an env var, so `npm run local-fal` is tunable. */
export interface LocalFalOptions {
  /** Port to listen on (0 = a free one). Env `LOCAL_FAL_PORT`. */
  port?: number;
  /** Interface to bind; loopback unless told otherwise. Env `LOCAL_FAL_HOST`. */
  host?: string;
  /** Divides every simulated wait (queue delay, run time, webhook backoff). Env `LOCAL_FAL_SPEED`. */
  speed?: number;
  /** Minimum time a request waits in the queue before a runner may pick it up (ms, before speed). Env `LOCAL_FAL_QUEUE_DELAY_MS`. */
  queueDelayMs?: number;
  /** Simulated inference time per request (ms, before speed); a run lasts at least this long. Env `LOCAL_FAL_RUN_TIME_MS`. */
  runTimeMs?: number;
  /** Fake runners working at once; more submissions wait with real queue positions. Env `LOCAL_FAL_CONCURRENCY`. */
  concurrency?: number;
  /** Fault injection per route. Env `LOCAL_FAL_FAULTS` (JSON, see faults.ts). */
  faults?: Partial<Record<FaultRoute, FaultPlan>>;
  /** Where uploads and renders live; a fresh temp dir by default. Env `LOCAL_FAL_DIR`. */
  dataDir?: string;
  /** Frames per second of rendered clips (low keeps renders fast on small machines). Env `LOCAL_FAL_FPS`. */
  fps?: number;
  /** Largest accepted upload or fetched input, bytes. */
  maxFileBytes?: number;
  /** Timeout for fetching an input URL, ms. */
  fetchTimeoutMs?: number;
  /** Webhook delivery attempts (fal retries 10 times). */
  webhookAttempts?: number;
  /** Print one line per request. Env `LOCAL_FAL_LOG=1`. */
  log?: boolean;
  /**
   * `ffmpeg` renders what was asked; `fixed` answers every request with one tiny clip made once (benchmarks: the
   * run time alone sets a job's length, no render competes for the CPU). Env `LOCAL_FAL_RENDER`.
   */
  render?: 'ffmpeg' | 'fixed';
}

export type ResolvedOptions = Required<Omit<LocalFalOptions, 'dataDir'>> & { dataDir?: string };

/**
 * Explicit options win over env vars, which win over defaults that feel like a real (if quick) queue. The env is
 * parsed whole (env.ts), so a bad LOCAL_FAL_* value is reported even when an option overrides it.
 */
export function resolveOptions(
  opts: LocalFalOptions = {},
  source: Record<string, string | undefined> = process.env,
): ResolvedOptions {
  const env = loadEngineEnv(source);
  const speed = opts.speed ?? env.LOCAL_FAL_SPEED;
  if (!(speed > 0)) throw new Error('speed must be > 0');
  return {
    port: opts.port ?? env.LOCAL_FAL_PORT,
    host: opts.host ?? env.LOCAL_FAL_HOST,
    speed,
    queueDelayMs: opts.queueDelayMs ?? env.LOCAL_FAL_QUEUE_DELAY_MS,
    runTimeMs: opts.runTimeMs ?? env.LOCAL_FAL_RUN_TIME_MS,
    // An option is floored rather than refused, as before; the env var is held to a whole number by its schema.
    concurrency: Math.max(1, Math.floor(opts.concurrency ?? env.LOCAL_FAL_CONCURRENCY)),
    faults: opts.faults ?? env.LOCAL_FAL_FAULTS,
    dataDir: opts.dataDir ?? env.LOCAL_FAL_DIR,
    fps: opts.fps ?? env.LOCAL_FAL_FPS,
    maxFileBytes: opts.maxFileBytes ?? 512 * 1024 * 1024,
    fetchTimeoutMs: opts.fetchTimeoutMs ?? 30_000,
    webhookAttempts: opts.webhookAttempts ?? 10,
    log: opts.log ?? env.LOCAL_FAL_LOG ?? false,
    render: opts.render ?? env.LOCAL_FAL_RENDER,
  };
}
