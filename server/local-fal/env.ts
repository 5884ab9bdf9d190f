import { z } from 'zod';
import { parseFaultPlans } from './faults.ts';

/**
 * The local engine's env vars, parsed with zod like the server's own (`server/env.ts`), so a bad value stops the
 * engine at start with one message naming every bad variable instead of surfacing later as an odd queue.
 * Unrelated variables (the server's LOCAL_FAL_URL, PATH, …) are ignored.
 */
const NUMBER = { error: 'must be a number' };
const ms = (def: number) => z.coerce.number(NUMBER).nonnegative('must be 0 or more (milliseconds)').default(def);

export const EngineEnvSchema = z.object({
  /** 0 = a free port. */
  LOCAL_FAL_PORT: z.coerce.number(NUMBER).int('must be a whole number').min(0).max(65535).default(0),
  /** Loopback unless told otherwise: the engine has no auth of its own. */
  LOCAL_FAL_HOST: z.string().default('127.0.0.1'),
  /** Divides every simulated wait. */
  LOCAL_FAL_SPEED: z.coerce.number(NUMBER).positive('must be greater than 0').default(1),
  LOCAL_FAL_QUEUE_DELAY_MS: ms(800),
  LOCAL_FAL_RUN_TIME_MS: ms(4000),
  LOCAL_FAL_CONCURRENCY: z.coerce.number(NUMBER).int('must be a whole number').min(1, 'must be 1 or more').default(2),
  /** JSON fault plans; faults.ts owns the format and its messages. */
  LOCAL_FAL_FAULTS: z
    .string()
    .transform((raw, ctx) => {
      try {
        return parseFaultPlans(raw);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    })
    .default({}),
  /** Unset: a fresh temp dir, removed on close. */
  LOCAL_FAL_DIR: z.string().optional(),
  /** `fixed`: one pre-made clip for every request (see options.ts). */
  LOCAL_FAL_RENDER: z.enum(['ffmpeg', 'fixed'], { error: 'must be ffmpeg or fixed' }).default('ffmpeg'),
  LOCAL_FAL_FPS: z.coerce.number(NUMBER).positive('must be greater than 0').default(15),
  /** Unset is left to the caller: the library is quiet by default, `npm run local-fal` logs. */
  LOCAL_FAL_LOG: z
    .enum(['0', '1', 'true', 'false'], { error: 'must be 1 or 0' })
    .transform((v) => v === '1' || v === 'true')
    .optional(),
});

export type EngineEnv = z.infer<typeof EngineEnvSchema>;

/** Parses `source` (process.env by default); throws one readable message listing every bad variable. */
export function loadEngineEnv(source: Record<string, string | undefined> = process.env): EngineEnv {
  // Only our variables, and empty means unset (a blank line in a .env file is not a value; '' would coerce to 0).
  const ours = Object.fromEntries(
    Object.entries(source).filter(([k, v]) => k.startsWith('LOCAL_FAL_') && v !== undefined && v !== ''),
  );
  const parsed = EngineEnvSchema.safeParse(ours);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const name = String(i.path[0] ?? 'env');
    return `  ${name}=${JSON.stringify(ours[name] ?? '')}: ${i.message}`;
  });
  throw new Error(`Bad local fal engine configuration:\n${lines.join('\n')}`);
}
