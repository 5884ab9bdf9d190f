import { z } from 'zod';

/** Field schemas shared by several Pika endpoints; names and defaults are fal's (pika-endpoints.md). */

export const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:5', '5:4', '3:2', '2:3'] as const;
export const RESOLUTIONS = ['720p', '1080p'] as const;

/**
 * Longest prompt (and negative prompt) we accept, checked before any work (issue 11). fal's Pika schemas publish no
 * maxLength, so fal's validation takes every prompt up to this; the one documented Pika limit we know of is 1,500
 * characters (useapi.net's API over Pika's own bot), so nothing longer is known to be taken by the model, and we
 * refuse it up front rather than pay for a guess. 1,500 characters is ~250 words, far past a video description.
 */
export const PROMPT_MAX_CHARS = 1500;

const promptText = () =>
  z.string().max(PROMPT_MAX_CHARS, `at most ${PROMPT_MAX_CHARS.toLocaleString('en-US')} characters`);

export const prompt = () =>
  promptText().meta({ title: 'Prompt', description: 'What the video should show', multiline: true });

export const negativePrompt = (fallback: string) =>
  promptText().default(fallback).meta({ title: 'Negative prompt', description: 'What to avoid', multiline: true });

/** An integer seed; leaving it empty lets fal pick one (a new video each run). */
export const seed = () =>
  z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional()
    .meta({ title: 'Seed', description: 'Same seed, same video', seed: true });

export const aspectRatio = () => z.enum(ASPECT_RATIOS).default('16:9').meta({ title: 'Aspect ratio' });

export const resolution = (fallback: (typeof RESOLUTIONS)[number] = '720p') =>
  z.enum(RESOLUTIONS).default(fallback).meta({ title: 'Resolution' });

/** v2.1 / turbo: an integer with no enum in fal's schema. */
export const intDuration = () => z.number().int().min(1).max(10).default(5).meta({ title: 'Duration (s)' });

/**
 * v2.2: fal-js 1.10.1 types it "5" | "10", fal's docs say 5 | 10. We accept both and always send integers.
 */
export const duration510 = () =>
  z
    .preprocess(
      (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
      z.union([z.literal(5), z.literal(10)]),
    )
    .default(5)
    .meta({ title: 'Duration (s)', options: [5, 10] });

export const url = (title: string) => z.url().meta({ title });

/** Price of a v2.2-style video: per 5 s at 720p / 1080p (10 s is assumed to cost double). */
export function price22(params: Record<string, unknown>): number {
  const base = params.resolution === '1080p' ? 0.45 : 0.2;
  return Number(params.duration ?? 5) >= 10 ? base * 2 : base;
}
