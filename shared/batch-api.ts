import { z } from 'zod';
import { MAX_BATCH_ROWS } from './batch.ts';
import { jsonOverBounds, MAX_PARAM_CHARS, MAX_PARAM_DEPTH, MAX_TEMPLATE_INPUTS } from './graph.ts';

/** Batch and template-app request shapes (issue 6), shared by the server routes, the form page and the CLI. */

/**
 * Values by input name. Each becomes a param, so it has a param's bounds; and no template has more than
 * MAX_TEMPLATE_INPUTS inputs, so more names than that cannot all be right (refused before any is looked at).
 */
const InputValues = z.record(z.string().max(100), z.unknown()).superRefine((values, ctx) => {
  const names = Object.keys(values);
  if (names.length > MAX_TEMPLATE_INPUTS)
    return ctx.addIssue({
      code: 'custom',
      message: `${names.length} inputs given; a template has at most ${MAX_TEMPLATE_INPUTS}`,
    });
  for (const name of names) {
    const { over } = jsonOverBounds(values[name], MAX_PARAM_DEPTH - 1, MAX_PARAM_CHARS);
    if (over)
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message:
          over === 'depth'
            ? `nests deeper than ${MAX_PARAM_DEPTH} levels`
            : `is over ${MAX_PARAM_CHARS.toLocaleString('en-US')} characters`,
      });
  }
});

export const TemplateRunBody = z.object({
  /** Values by exposed input name; missing ones take the template's own value. */
  inputs: InputValues.default({}),
  webhook: z.url().optional(),
  budget: z.number().min(0).optional(),
  /** `local`: a free preview on the local engine even when the server has a FAL_KEY. */
  engine: z.enum(['fal', 'local']).optional(),
});

export const BatchBody = z
  .object({
    /** Input sets, one run each … */
    rows: z.array(InputValues).max(MAX_BATCH_ROWS, `A batch can have at most ${MAX_BATCH_ROWS} rows`).optional(),
    /** … or pasted CSV (header = input names) / JSON text … */
    text: z.string().max(1_000_000).optional(),
    /**
     * … or a grid whose cartesian product is the batch (e.g. seeds × aspect ratios). Its size is the product of the
     * axis lengths, checked before a single item is made (see expandGrid).
     */
    grid: z
      .record(z.string().max(100), z.array(z.unknown()).min(1).max(100))
      .refine(
        (g) => Object.keys(g).length <= MAX_TEMPLATE_INPUTS,
        `A grid has one axis per input, at most ${MAX_TEMPLATE_INPUTS}`,
      )
      .optional(),
    /** Refuse the whole batch, before any submission, when its estimate exceeds this many USD. */
    budget: z.number().min(0).optional(),
    webhook: z.url().optional(),
  })
  .refine((b) => [b.rows, b.text, b.grid].filter((x) => x !== undefined).length === 1, {
    message: 'Give exactly one of rows, text or grid',
    path: ['rows'],
  });

export interface BatchItemPlan {
  inputs: Record<string, unknown>;
  /** USD this item adds (cached nodes, and nodes an earlier item of the batch makes, cost nothing). */
  cost: number;
  /** True when nothing in this item needs a new fal submission. */
  cached: boolean;
}

export interface BatchPlan {
  count: number;
  cachedItems: number;
  /** New fal submissions the batch will make. */
  submissions: number;
  total: number;
  includesGuesses: boolean;
  items: BatchItemPlan[];
}

export interface BatchDetail {
  id: string;
  graphId: string;
  createdAt: string;
  /** Who started it (signed-in servers only). */
  createdBy?: string;
  plan: BatchPlan;
  runs: {
    runId: string;
    status: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, string>;
    cost: number;
  }[];
}
