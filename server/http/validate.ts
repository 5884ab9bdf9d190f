import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import type { Problem } from '../../shared/validate.ts';

/**
 * Zod issues as problems that name what is wrong: a path into `graph.nodes[i]` also names that node's id, so the
 * editor can point at it.
 */
export function zodProblems(error: z.core.$ZodError, data: unknown): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const problem: Problem = { code: 'invalid-body', field: path.join('.') || undefined, message: '' };
    const at = path.indexOf('nodes');
    if (at >= 0 && /^\d+$/.test(path[at + 1] ?? '')) {
      const container = path.slice(0, at).reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], data);
      const node = (container as { nodes?: { id?: unknown }[] } | undefined)?.nodes?.[Number(path[at + 1])];
      if (typeof node?.id === 'string') problem.nodeId = node.id;
    }
    const where = problem.nodeId ? `node "${problem.nodeId}": ` : '';
    problem.message = `${where}${problem.field ?? 'body'}: ${issue.message}`;
    return problem;
  });
}

/** JSON body validated with a shared schema; a bad body is a 400 naming each field, never a 500. */
export const jsonBody = <T extends z.ZodType>(schema: T) =>
  zValidator('json', schema, (result, c) => {
    if (!result.success) {
      const problems = zodProblems(result.error as z.core.$ZodError, result.data);
      return c.json({ error: problems[0]?.message ?? 'Invalid request body', problems }, 400);
    }
  });

export const queryOf = <T extends z.ZodType>(schema: T) =>
  zValidator('query', schema, (result, c) => {
    if (!result.success) {
      const problems = zodProblems(result.error as z.core.$ZodError, result.data);
      return c.json({ error: problems[0]?.message ?? 'Invalid query', problems }, 400);
    }
  });
