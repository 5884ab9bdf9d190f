import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Job } from './jobs.ts';
import type { EngineParts, LocalFalEnv } from './server.ts';

/** fal's status object. Only IN_QUEUE / IN_PROGRESS / COMPLETED: the JS client polls forever on anything else. */
export function statusBody(
  e: Pick<EngineParts, 'queue' | 'base'>,
  job: Job,
  withLogs: boolean,
  logs: Job['logs'] = job.logs,
) {
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
    ...(o.status >= 300
      ? { error: o.error ?? `Invalid status code: ${o.status}`, error_type: o.errorType ?? 'error' }
      : {}),
  };
}

/**
 * The SSE status stream: one `data:` event per change, carrying only the log lines not sent yet (the client
 * accumulates them), closed right after COMPLETED so `done()` resolves with it.
 */
export function streamStatus(c: Context<LocalFalEnv>, e: EngineParts, job: Job, withLogs: boolean): Response {
  c.header('x-fal-request-id', job.id);
  return streamSSE(
    c,
    (stream) =>
      new Promise<void>((resolve) => {
        let sentLogs = 0;
        let last = '';
        // Writes chained so events leave in the order they happened even though each write is async.
        let writing = Promise.resolve();
        const stop = () => {
          job.listeners.delete(push);
          resolve();
        };
        function push() {
          const fresh = job.logs.slice(sentLogs);
          const body = statusBody(e, job, withLogs, fresh);
          const key = JSON.stringify({ ...body, logs: undefined });
          if (key === last && (!withLogs || fresh.length === 0)) return;
          last = key;
          sentLogs = job.logs.length;
          writing = writing.then(() => stream.writeSSE({ data: JSON.stringify(body) })).then(() => undefined);
          // Resolving ends the callback; streamSSE then closes the stream behind the last event.
          if (job.state === 'done') {
            job.listeners.delete(push);
            void writing.then(resolve);
          }
        }
        // The caller went away: stop listening, or a long job would keep writing into a dead stream.
        stream.onAbort(stop);
        job.listeners.add(push);
        push();
      }),
  );
}
