import { z } from 'zod';
import { tokensFromEnv } from './http/access-token.ts';

/**
 * Server configuration, parsed once at start so a bad value stops the server with a readable message instead of
 * surfacing as a strange failure mid-run.
 */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

export const EnvSchema = z
  .object({
    PORT: int(5174),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    /** A shared Postgres database for runs, templates and cache (several servers and workers); unset: SQLite in DATA_DIR. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'use a Postgres URL such as postgres://user:password@host:5432/pikaflow')
      .optional(),
    /** `npm run worker`: runs one worker executes at once (the fal limit across all workers is CONCURRENCY). */
    WORKER_CONCURRENCY: int(4, 1),
    /** Kept media (`<sha256>.<ext>`); several servers, workers and machines that share this folder share media. */
    MEDIA_DIR: z.string().min(1).optional(),
    /** With a key, runs go to real fal; without, to the built-in local engine (previews, no cost). */
    FAL_KEY: z.string().min(1).optional(),
    /** A local fal engine already running elsewhere (tests, `npm run local-fal`): used instead of starting one. */
    LOCAL_FAL_URL: z.url().optional(),
    /** Speed factor for the in-process local engine (higher = faster fake jobs). */
    LOCAL_FAL_SPEED: z.coerce.number().positive().optional(),
    /** Where fal can reach us; enables webhook completion (polling stays as the fallback). */
    PUBLIC_BASE_URL: z.url().optional(),
    /** Fal/local jobs in flight at once, across all runs. */
    CONCURRENCY: int(4, 1),
    POLL_INTERVAL_MS: int(1000, 10),
    /** Our own retries of transient errors, on top of the ones inside @fal-ai/client. */
    RETRY_MAX: int(4),
    RETRY_BASE_MS: int(1000, 1),
    UPLOAD_MAX_MB: z.coerce.number().positive().default(200),
    /**
     * After a submit whose outcome is unknown (connection lost after sending, timeout, 5xx): `ask` shows the node as
     * "a job may exist on fal" with a "Submit again" action; `resubmit` sends it again at once (may pay twice).
     */
    SUBMIT_UNKNOWN: z.enum(['ask', 'resubmit']).default('ask'),
    /** Required on every API route when set; mandatory when HOST is not loopback. */
    /** Sent as `Authorization: Bearer …`: only characters a bearer token may hold (RFC 6750), so every client can send it. */
    ACCESS_TOKEN: z
      .string()
      .min(8)
      .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'use letters, digits and - . _ ~ + / only (it is sent as a Bearer token)')
      .optional(),
    /** One token per person, `ana:tok1,ben:tok2`: runs, batches and template versions then say who made them. */
    ACCESS_TOKENS: z.string().optional(),
    /** The same from a file, one `name:token` per line (blank lines and `#` comments skipped). */
    ACCESS_TOKENS_FILE: z.string().optional(),
    /** How long a sign-in through the page lasts before the person signs in again. */
    SESSION_DAYS: z.coerce.number().positive().max(400).default(30),
  })
  .superRefine((e, ctx) => {
    for (const message of tokensFromEnv(e).problems) ctx.addIssue({ code: 'custom', message, path: ['ACCESS_TOKENS'] });
  })
  .refine((e) => LOOPBACK.has(e.HOST) || e.ACCESS_TOKEN || e.ACCESS_TOKENS || e.ACCESS_TOKENS_FILE, {
    message:
      'HOST is not loopback: set ACCESS_TOKEN (8+ chars) or ACCESS_TOKENS (name:token,…) so the API is not open to the network',
    path: ['ACCESS_TOKEN'],
  });

export type Env = z.infer<typeof EnvSchema>;

/** Parses `source` (process.env by default); throws one message listing every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" (a blank line in a .env file should not count as a value).
  const clean = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(clean);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'env'}: ${i.message}`);
  throw new Error(`Bad configuration:\n${lines.join('\n')}`);
}
