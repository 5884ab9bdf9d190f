import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { faulted, loseAnswer } from './fault-middleware.ts';
import type { Job, Outcome } from './jobs.ts';
import { jsonLimit, readJson } from './json-body.ts';
import type { EngineParts, LocalFalEnv } from './server.ts';
import { statusBody, streamStatus } from './status.ts';
import { isKnownEndpoint } from './validate.ts';

type C = Context<LocalFalEnv>;

/** fal's request paths live under owner/alias, with `workflows/` and `comfy/` kept in front (fal-protocol.md §10). */
const NAMESPACES = ['', '/workflows', '/comfy'];

/**
 * The queue (fal-protocol.md §2): submit on the full endpoint id, then status, the SSE status stream, result and
 * cancel on `{owner}/{alias}/requests/{id}`. `/_run/` is the sync `fal.run` flavour of submit.
 */
export function queueRoutes(e: EngineParts): Hono<LocalFalEnv> {
  const app = new Hono<LocalFalEnv>();
  for (const ns of NAMESPACES) {
    const base = `${ns}/:owner/:alias/requests/:id`;
    app.get(base, faulted(e, 'result', 'result'), (c) => withJob(e, c, 'result', (job, h) => result(c, job, h)));
    app.get(`${base}/status`, faulted(e, 'status', 'status'), (c) =>
      withJob(e, c, 'status', (job, h) =>
        c.json(statusBody(e, job, logsWanted(c)), job.state === 'done' ? 200 : 202, h),
      ),
    );
    app.get(`${base}/status/stream`, faulted(e, 'stream', 'stream'), (c) =>
      withJob(e, c, 'stream', (job) => streamStatus(c, e, job, logsWanted(c))),
    );
    app.put(`${base}/cancel`, faulted(e, 'cancel', 'cancel'), (c) =>
      withJob(e, c, 'cancel', (job, h) => cancel(e, c, job, h)),
    );
    // Anything else under requests/ is not a submission, whatever its method.
    app.all(`${base}/*`, (c) => c.notFound());
  }
  app.post('/_run/*', faulted(e, 'submit', 'submit'), jsonLimit, (c) => submit(e, c, true));
  app.post('/*', faulted(e, 'submit', 'submit'), jsonLimit, (c) => submit(e, c, false));
  return app;
}

const logsWanted = (c: C) => c.var.target.searchParams.get('logs') === '1';

/** Looks the job up as fal does: the id plus the owner/alias of the URL it came in on. */
function withJob(
  e: EngineParts,
  c: C,
  kind: string,
  then: (job: Job, headers: Record<string, string>) => Response | Promise<Response>,
) {
  const job = e.queue.get(c.req.param('owner') ?? '', c.req.param('alias') ?? '', c.req.param('id') ?? '');
  if (!job) return c.json(kind === 'cancel' ? { status: 'NOT_FOUND' } : { detail: 'Request not found' }, 404);
  return then(job, { 'x-fal-request-id': job.id });
}

/** The model's answer once done; a 5xx carries fal's error type headers, a start timeout says it was the user's. */
function result(c: C, job: Job, headers: Record<string, string>): Response {
  if (job.state !== 'done' || !job.outcome) return c.json({ detail: 'Request is still in progress' }, 400, headers);
  const { status, body, errorType } = job.outcome;
  const extra: Record<string, string> = status >= 500 && errorType ? { 'x-fal-error-type': errorType } : {};
  if (errorType === 'request_timeout') extra['x-fal-request-timeout-type'] = 'user';
  return c.json(body, status as ContentfulStatusCode, { ...headers, ...extra });
}

async function submit(e: EngineParts, c: C, sync: boolean): Promise<Response> {
  const t = c.var.target;
  const parts = t.pathname
    .replace(/^\/_run\//, '/')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const ns = parts[0] === 'workflows' || parts[0] === 'comfy' ? 1 : 0;
  if (parts.length < ns + 2) return c.notFound();
  const endpoint = parts.join('/');
  if (!isKnownEndpoint(endpoint)) return c.json({ detail: `Application '${endpoint}' not found` }, 404);
  const body = await readJson(c);
  const job = e.queue.submit(endpoint, body, {
    webhook: t.searchParams.get('fal_webhook') ?? undefined,
    priority: c.req.header('x-fal-queue-priority') ?? 'normal',
    startTimeoutS: Number(c.req.header('x-fal-request-timeout') ?? 0) || undefined,
  });
  const lost = c.get('acceptFault');
  if (lost) return loseAnswer(c, lost);
  const headers = { 'x-fal-request-id': job.id };
  if (!sync)
    return c.json({ ...statusBody(e, job, false), status: 'IN_QUEUE', gateway_request_id: job.id }, 200, headers);
  // fal.run: the same queue, answered when done.
  const outcome = await new Promise<Outcome>((resolve) => {
    const check = () => {
      if (!job.outcome) return;
      job.listeners.delete(check);
      resolve(job.outcome);
    };
    job.listeners.add(check);
    check();
  });
  return c.json(outcome.body, outcome.status as ContentfulStatusCode, headers);
}

function cancel(e: EngineParts, c: C, job: Job, headers: Record<string, string>): Response {
  if (e.queue.cancel(job) === 'completed') return c.json({ status: 'ALREADY_COMPLETED' }, 400, headers);
  return c.json({ status: 'CANCELLATION_REQUESTED' }, 202, headers);
}
