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
      const container = path
        .slice(0, at)
        .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], data);
      const node = (container as { nodes?: { id?: unknown }[] } | undefined)?.nodes?.[Number(path[at + 1])];
      if (typeof node?.id === 'string') problem.nodeId = node.id;
    }
    const where = problem.nodeId ? `node "${problem.nodeId}": ` : '';
    problem.message = `${where}${problem.field ?? 'body'}: ${issue.message}`;
    return problem;
  });
}

/** What hono's json validator reads as JSON (anything else it treats as an empty body). */
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * JSON body validated with a shared schema; a bad body is a 400 naming each field, never a 500. A body that is not
 * declared JSON is a 415 naming the type expected and the one given: the validator would otherwise read it as `{}`
 * and complain about a missing field the client did send.
 */
export const jsonBody = <T extends z.ZodType>(schema: T) => {
  const validate = zValidator('json', schema, (result, c) => {
    if (!result.success) {
      const problems = zodProblems(result.error as z.core.$ZodError, result.data);
      return c.json({ error: problems[0]?.message ?? 'Invalid request body', problems }, 400);
    }
  });
  const guarded: typeof validate = async (c, next) => {
    const given = c.req.header('content-type');
    if (JSON_TYPE.test((given ?? '').split(';')[0].trim())) return validate(c, next);
    // Read (and drop) the body first, within the app's body limit: answering while the client is still sending
    // made the server close the socket under it, and the client saw a reset instead of this answer.
    await c.req.arrayBuffer().catch(() => undefined);
    const what = given ? `not ${given.slice(0, 100)}` : 'no Content-Type was given';
    const refused = c.json(
      {
        error: `Send the body as JSON with Content-Type: application/json (${what})`,
        problems: [{ code: 'unsupported-media-type', field: 'content-type', message: 'expected application/json' }],
      },
      415,
    );
    // Typed as the validator's own answers so the routes' types (hc<AppType>) stay exactly as before.
    return refused as unknown as Awaited<ReturnType<typeof validate>>;
  };
  return guarded;
};

export const queryOf = <T extends z.ZodType>(schema: T) =>
  zValidator('query', schema, (result, c) => {
    if (!result.success) {
      const problems = zodProblems(result.error as z.core.$ZodError, result.data);
      return c.json({ error: problems[0]?.message ?? 'Invalid query', problems }, 400);
    }
  });
