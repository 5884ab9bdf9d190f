import { z } from 'zod';

/** Batch and template-app request shapes (issue 6), shared by the server routes, the form page and the CLI. */

export const TemplateRunBody = z.object({
  /** Values by exposed input name; missing ones take the template's own value. */
  inputs: z.record(z.string(), z.unknown()).default({}),
  webhook: z.url().optional(),
  budget: z.number().min(0).optional(),
  /** `local`: a free preview on the local engine even when the server has a FAL_KEY. */
  engine: z.enum(['fal', 'local']).optional(),
});

export const BatchBody = z
  .object({
    /** Input sets, one run each … */
    rows: z.array(z.record(z.string(), z.unknown())).max(1000).optional(),
    /** … or pasted CSV (header = input names) / JSON text … */
    text: z.string().max(1_000_000).optional(),
    /** … or a grid whose cartesian product is the batch (e.g. seeds × aspect ratios). */
    grid: z.record(z.string(), z.array(z.unknown()).min(1).max(100)).optional(),
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
  plan: BatchPlan;
  runs: { runId: string; status: string; inputs: Record<string, unknown>; outputs: Record<string, string>; cost: number }[];
}
