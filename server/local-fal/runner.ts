import type { Job, Outcome, RequestLog } from './jobs.ts';
import type { ClipMaker } from './render/index.ts';
import { type FileStore, TooLargeError } from './storage.ts';
import { validateBody } from './validate.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CANCELLED: Outcome = {
  status: 400,
  body: { detail: 'Request was cancelled' },
  error: 'Request was cancelled',
  errorType: 'cancelled',
};

/**
 * One fake runner's work on one request: validate like the model would (fal reports a bad body from the run, as a
 * 422 result, not at submit), then render while progress logs tick over the simulated run time; the run lasts
 * whichever is longer.
 */
export async function runJob(
  job: Job,
  d: {
    renderer: ClipMaker;
    store: FileStore;
    minRunMs: number;
    log(message: string, level?: RequestLog['level']): void;
    stopped(): boolean;
  },
): Promise<Outcome> {
  d.log(`runner picked up request for ${job.endpoint}`);
  const checked = validateBody(job.endpoint, job.body);
  if (!checked.ok) {
    d.log('input validation failed', 'ERROR');
    return {
      status: 422,
      body: { detail: checked.detail },
      error: 'Invalid status code: 422',
      errorType: 'validation_error',
    };
  }
  const ticks = (async () => {
    for (const pct of [25, 50, 75]) {
      await sleep(d.minRunMs / 4);
      if (d.stopped()) return;
      d.log(`Progress: ${pct}%`);
    }
    await sleep(d.minRunMs / 4);
  })();
  try {
    const [rendered] = await Promise.all([d.renderer.render(job.endpoint, checked.input, (m) => d.log(m)), ticks]);
    if (job.cancelRequested) return CANCELLED;
    const fileName = `${job.endpoint.split('/').pop()}-${rendered.seed}.mp4`;
    const file = await d.store.adopt(rendered.path, 'video/mp4', fileName);
    d.log(`generated video in ${((Date.now() - (job.startedAt ?? Date.now())) / 1000).toFixed(1)} s`);
    return {
      status: 200,
      body: { video: { url: file.url, content_type: 'video/mp4', file_name: fileName, file_size: file.size } },
    };
  } catch (err) {
    await ticks;
    if (job.cancelRequested) return CANCELLED;
    const message = err instanceof Error ? err.message : String(err);
    d.log(message, 'ERROR');
    // A missing or oversized input is the caller's problem (422), anything else is ours (500), as on fal.
    const input = err instanceof TooLargeError || /fetch|download|data URI|http\(s\)/i.test(message);
    return input
      ? {
          status: 422,
          body: { detail: [{ loc: ['body'], msg: message, type: 'file_download_error' }] },
          error: 'Invalid status code: 422',
          errorType: 'file_download_error',
        }
      : {
          status: 500,
          body: { detail: 'Internal server error', error_type: 'internal_server_error' },
          error: message,
          errorType: 'internal_server_error',
        };
  }
}
