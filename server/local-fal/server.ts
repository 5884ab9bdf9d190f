import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AcceptFault, type FaultInjector, type FaultRoute, isAcceptFault } from './faults.ts';
import { BodyError, classify, readJson, type Route, sendFile, sendJson } from './http-util.ts';
import type { JobQueue } from './jobs.ts';
import { statusBody, streamStatus } from './status.ts';
import { type FileStore, TooLargeError } from './storage.ts';
import { isKnownEndpoint } from './validate.ts';

export interface EngineParts {
  queue: JobQueue;
  store: FileStore;
  faults: FaultInjector;
  base: () => string;
  /** Requests seen per route (faulted ones included): lets tests see that a retry really happened. */
  requests: Record<string, number>;
  log: boolean;
}

const PROXY_PATH = '/api/fal/proxy';

function faultRoute(route: Route): FaultRoute | undefined {
  switch (route.kind) {
    case 'initiate': case 'put': case 'part': case 'complete': return 'upload';
    case 'file': return 'files';
    case 'submit': case 'status': case 'stream': case 'result': case 'cancel': return route.kind;
    default: return undefined;
  }
}

/** The whole engine as one node:http request handler. */
export function createHandler(e: EngineParts) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const own = new URL(req.url ?? '/', e.base());
    let target = own;
    // Proxy style: the real destination travels in a header (fal-protocol.md §3). Direct fal paths also work.
    if (own.pathname === PROXY_PATH || own.pathname.startsWith(`${PROXY_PATH}/`)) {
      const header = req.headers['x-fal-target-url'];
      try {
        target = new URL(String(header));
      } catch {
        return sendJson(res, 400, { detail: `${PROXY_PATH} needs an x-fal-target-url header` });
      }
    }
    const route = classify(method, target);
    const fr = faultRoute(route);
    if (fr) e.requests[fr] = (e.requests[fr] ?? 0) + 1;
    if (e.log) console.log(`[local-fal] ${method} ${target.pathname}${target.search} → ${route.kind}`);
    const fault = fr ? e.faults.next(fr) : undefined;
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (typeof fault === 'number') return sendJson(res, fault, { detail: `Injected fault: HTTP ${fault}` });
    if (fault && typeof fault === 'object') await new Promise((r) => setTimeout(r, fault.slowMs));
    try {
      await dispatch(e, route, req, res, target, isAcceptFault(fault) ? fault : undefined);
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      if (err instanceof BodyError) return sendJson(res, err.status, err.status === 422 ? { detail: [{ loc: ['body'], msg: err.message, type: 'json_invalid' }] } : { detail: err.message });
      if (err instanceof TooLargeError) return sendJson(res, 413, { detail: err.message });
      console.error('[local-fal]', err);
      sendJson(res, 500, { detail: 'Internal server error' });
    }
  };
}

/** An accept fault: the job exists (and runs), but its answer never reaches the caller intact. */
function loseAnswer(fault: AcceptFault, req: IncomingMessage, res: ServerResponse): void {
  if (fault === 'accept-drop') req.socket.destroy();
  else sendJson(res, 500, { detail: 'Injected fault: HTTP 500 after the job was queued' });
}

async function dispatch(
  e: EngineParts, route: Route, req: IncomingMessage, res: ServerResponse, target: URL, afterAccept?: AcceptFault,
): Promise<void> {
  switch (route.kind) {
    case 'initiate': {
      const body = ((await readJson(req)) ?? {}) as { content_type?: string; file_name?: string };
      return sendJson(res, 200, e.store.initiate(body.content_type, body.file_name, route.multipart));
    }
    case 'put':
      if (!(await e.store.put(route.token, req))) return sendJson(res, 404, { detail: 'Unknown or used upload URL' });
      return sendJson(res, 200, { ok: true });
    case 'part': {
      const part = await e.store.putPart(route.token, route.part, req);
      return part ? sendJson(res, 200, part) : sendJson(res, 404, { detail: 'Unknown multipart upload' });
    }
    case 'complete': {
      const body = ((await readJson(req)) ?? {}) as { parts?: { partNumber: number }[] };
      const ok = await e.store.complete(route.token, body.parts ?? []);
      return ok ? sendJson(res, 200, { ok: true }) : sendJson(res, 400, { detail: 'Missing parts' });
    }
    case 'file': {
      const file = e.store.get(route.token);
      if (!file) return sendJson(res, 404, { detail: 'File not found' });
      return sendFile(req, res, file);
    }
    case 'submit': {
      if (!isKnownEndpoint(route.endpoint)) {
        return sendJson(res, 404, { detail: `Application '${route.endpoint}' not found` });
      }
      const body = await readJson(req);
      const job = e.queue.submit(route.endpoint, body, {
        webhook: target.searchParams.get('fal_webhook') ?? undefined,
        priority: String(req.headers['x-fal-queue-priority'] ?? 'normal'),
        startTimeoutS: Number(req.headers['x-fal-request-timeout'] ?? 0) || undefined,
      });
      // No request id header either: the caller must not learn which job it created.
      if (afterAccept) return loseAnswer(afterAccept, req, res);
      const headers = { 'x-fal-request-id': job.id };
      if (!route.sync) return sendJson(res, 200, { ...statusBody(e, job, false), status: 'IN_QUEUE', gateway_request_id: job.id }, headers);
      // fal.run: the same queue, answered when done.
      await new Promise<void>((resolve) => {
        const check = () => job.state === 'done' && (job.listeners.delete(check), resolve());
        job.listeners.add(check);
        check();
      });
      return sendJson(res, job.outcome!.status, job.outcome!.body, headers);
    }
    case 'status':
    case 'stream':
    case 'result':
    case 'cancel': {
      const job = e.queue.get(route.owner, route.alias, route.id);
      if (!job) return sendJson(res, 404, route.kind === 'cancel' ? { status: 'NOT_FOUND' } : { detail: 'Request not found' });
      const headers = { 'x-fal-request-id': job.id };
      const logs = target.searchParams.get('logs') === '1';
      if (route.kind === 'status') return sendJson(res, job.state === 'done' ? 200 : 202, statusBody(e, job, logs), headers);
      if (route.kind === 'stream') return streamStatus(e, job, logs, req, res);
      if (route.kind === 'result') {
        if (job.state !== 'done') return sendJson(res, 400, { detail: 'Request is still in progress' }, headers);
        const { status, body, errorType } = job.outcome!;
        const extra: Record<string, string> = status >= 500 && errorType ? { 'x-fal-error-type': errorType } : {};
        if (errorType === 'request_timeout') extra['x-fal-request-timeout-type'] = 'user';
        return sendJson(res, status, body, { ...headers, ...extra });
      }
      const outcome = e.queue.cancel(job);
      if (outcome === 'completed') return sendJson(res, 400, { status: 'ALREADY_COMPLETED' }, headers);
      return sendJson(res, 202, { status: 'CANCELLATION_REQUESTED' }, headers);
    }
    default:
      return sendJson(res, 404, { detail: 'Not found' });
  }
}
