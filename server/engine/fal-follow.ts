import { classify, NodeFailure, Stopped } from './errors.ts';
import { followJob, RequestCancelled, RequestGone } from './fal-job.ts';
import type { NodeJob, NodeRunnerDeps } from './node-runner.ts';

/** Follows the receipt; a request fal forgot or failed frees the fingerprint for a new submit, anything else keeps it. */
export async function follow(
  deps: NodeRunnerDeps,
  job: NodeJob,
  endpoint: string,
  requestId: string,
): Promise<unknown> {
  const { nodeId, fingerprint: fp } = job;
  try {
    return await followJob(
      job.target.fal,
      {
        endpoint,
        requestId,
        pollMs: deps.pollMs,
        retry: deps.follow,
        signal: job.signal,
        keepSignal: job.keepSignal,
        webhookUrl: deps.webhookUrl,
        wake: deps.wake,
      },
      {
        onQueued: (position) => job.live() && job.emit({ type: 'node.queued', nodeId, position }),
        onStarted: () => job.live() && job.emit({ type: 'node.started', nodeId, fingerprint: fp }),
        onProgress: (logs) => job.live() && job.emit({ type: 'node.progress', nodeId, logs }),
        onRetry: (n, err) =>
          job.live() &&
          job.emit({ type: 'node.retrying', nodeId, attempt: n, message: (err as Error).message ?? String(err) }),
        onCompleted: () => job.billed(),
      },
    );
  } catch (err) {
    if (err instanceof Stopped) throw err;
    if (err instanceof RequestCancelled) {
      deps.jobs.failed(fp);
      throw err;
    }
    if (err instanceof RequestGone) {
      deps.jobs.failed(fp);
      throw new NodeFailure('fal', `${err.message}; running again submits a new job`);
    }
    const f = classify(err);
    if (f.kind === 'transient')
      throw Object.assign(
        new NodeFailure(
          'transient',
          `${f.message}. fal request ${requestId} is kept: run again to fetch its result; it will not be paid twice`,
        ),
        { requestId },
      );
    deps.jobs.failed(fp);
    throw f;
  }
}
