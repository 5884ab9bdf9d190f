import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Job } from './jobs.ts';
import type { EngineParts } from './server.ts';

/** fal's status object. Only IN_QUEUE / IN_PROGRESS / COMPLETED: the JS client polls forever on anything else. */
export function statusBody(e: Pick<EngineParts, 'queue' | 'base'>, job: Job, withLogs: boolean, logs: Job['logs'] = job.logs) {
  const base = `${e.base()}/${job.owner}/${job.alias}/requests/${job.id}`;
  const common = { request_id: job.id, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
  if (job.state === 'queued') return { status: 'IN_QUEUE', ...common, queue_position: e.queue.position(job) };
  if (job.state === 'running') return { status: 'IN_PROGRESS', ...common, logs: withLogs ? logs : null };
  const o = job.outcome!;
  const inference = ((job.finishedAt ?? 0) - (job.startedAt ?? job.finishedAt ?? 0)) / 1000;
  return {
    status: 'COMPLETED',
    ...common,
    logs: withLogs ? logs : null,
    metrics: { inference_time: job.startedAt ? inference : null },
    ...(o.status >= 300 ? { error: o.error ?? `Invalid status code: ${o.status}`, error_type: o.errorType ?? 'error' } : {}),
  };
}

/**
 * The SSE status stream: one `data:` event per change, carrying only the log lines not sent yet (the client
 * accumulates them), closed right after COMPLETED so `done()` resolves with it.
 */
export function streamStatus(e: EngineParts, job: Job, withLogs: boolean, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-fal-request-id': job.id });
  let sentLogs = 0;
  let last = '';
  const push = () => {
    const fresh = job.logs.slice(sentLogs);
    const body = statusBody(e, job, withLogs, fresh);
    const key = JSON.stringify({ ...body, logs: undefined });
    if (key === last && (!withLogs || fresh.length === 0)) return;
    last = key;
    sentLogs = job.logs.length;
    res.write(`data: ${JSON.stringify(body)}\n\n`);
    if (job.state === 'done') {
      job.listeners.delete(push);
      res.end();
    }
  };
  job.listeners.add(push);
  req.on('close', () => job.listeners.delete(push));
  push();
}
