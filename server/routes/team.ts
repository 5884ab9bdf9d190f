import { Hono } from 'hono';
import type { TeamStatus } from '../../shared/api.ts';

/** `GET /api/team`: a team server's workers and queue, so a queued run can say whether anyone is there to take it. */
export function teamRoutes(status?: () => Promise<TeamStatus>) {
  return new Hono().get('/', async (c) => {
    if (!status) return c.json({ error: 'This server runs alone (no DATABASE_URL): it has no team queue' }, 404);
    return c.json(await status());
  });
}
