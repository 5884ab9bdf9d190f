import type { NodeOutputs } from '../../shared/define-node.ts';
import { isMediaRef, isRemoteUrl } from '../../shared/media-ref.ts';
import { SubmitOutcomeUnknown } from '../fal/submit-guard.ts';
import { classify, NodeFailure, Stopped } from './errors.ts';
import { followJob, RequestCancelled, RequestGone, submitJob } from './fal-job.ts';
import { refuseLocalAddresses } from './fal-body-guard.ts';
import type { NodeJob, NodeRunnerDeps } from './node-runner.ts';

/** The submit's outcome is unknown and nobody said to send it again: the node ends saying a job may exist. */
export class NodeUncertain extends Error {
  constructor(
    readonly endpoint: string,
    readonly submittedAt: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One fal node, with the receipt book deciding what may spend (design.md §3): a stored request id is followed, never
 * resubmitted; a submit whose outcome is unknown is not repeated unless the user (or the team's policy) says so;
 * cost is recorded the moment fal hands over a completed result, before the download that may still fail.
 */
export async function produceFal(
  deps: NodeRunnerDeps,
  job: NodeJob,
  endpoint: string,
  keep: (outputs: NodeOutputs) => Promise<NodeOutputs>,
): Promise<{ outputs: NodeOutputs; cost: number; estimate?: number }> {
  const { nodeId, fingerprint: fp, target } = job;
  const receipt = deps.jobs.get(fp);
  let requestId: string;
  const followed = !!receipt?.requestId && (receipt.state === 'accepted' || receipt.state === 'completed');
  if (receipt?.requestId && followed) {
    requestId = receipt.requestId;
    job.emit({ type: 'node.submitted', nodeId, requestId, endpoint: receipt.endpoint, fingerprint: fp });
    job.emit({
      type: 'node.progress',
      nodeId,
      logs: [`Following fal request ${requestId} (sent ${receipt.submittedAt}); it is not submitted again`],
    });
  } else if (
    receipt &&
    (receipt.state === 'submitting' || receipt.state === 'unknown') &&
    !job.resubmit &&
    deps.submitPolicy === 'ask'
  ) {
    throw new NodeUncertain(
      receipt.endpoint,
      receipt.submittedAt,
      'An earlier submit of this exact job got no answer; it may exist on fal',
    );
  } else {
    requestId = await submit(deps, job, endpoint);
  }
  let data: unknown;
  try {
    data = await follow(deps, job, endpoint, requestId);
  } catch (err) {
    if (!(err instanceof RequestCancelled)) throw err;
    // A request an earlier run cancelled (followed because it might still have finished): fal made and billed
    // nothing, so this run sends the job anew instead of failing once first.
    if (!followed || !job.live()) throw cancelledAtFal(err);
    job.emit({ type: 'node.progress', nodeId, logs: [`${err.message} earlier (nothing was made); submitting anew`] });
    requestId = await submit(deps, job, endpoint);
    data = await follow(deps, job, endpoint, requestId).catch((e) => {
      throw e instanceof RequestCancelled ? cancelledAtFal(e) : e;
    });
  }
  const price = job.def.cost(job.params);
  const paid = target.kind === 'fal';
  // fal reported completion: it bills now. Recorded once, by the run that saw it, before anything else can fail.
  const known = deps.jobs.get(fp);
  if (known?.state !== 'completed') deps.jobs.completed(fp, paid ? price : 0, job.runId);
  const receiptNow = deps.jobs.get(fp)!;
  const cost = receiptNow.costRun === job.runId ? (receiptNow.cost ?? 0) : 0;
  let outputs: NodeOutputs;
  const made = job.def.result(data);
  try {
    outputs = await keep(made);
  } catch (err) {
    if (err instanceof NodeFailure) throw Object.assign(err, { cost, requestId });
    throw err;
  }
  for (const [port, ref] of Object.entries(outputs))
    if (ref !== made[port] && isRemoteUrl(made[port])) deps.publisher.remember(ref, target, made[port], job.runId);
  deps.cache.put(fp, job.def.type, outputs, cost, target.kind);
  return { outputs, cost, ...(paid ? {} : { estimate: price }) };
}

/** A request cancelled at fal by someone else (not this run): the node fails, and the next run submits anew. */
const cancelledAtFal = (err: Error) => new NodeFailure('fal', `${err.message} at fal; running again submits a new job`);

/** Publishes the inputs for this engine, records the attempt, sends it; resubmits only when the policy allows. */
async function submit(deps: NodeRunnerDeps, job: NodeJob, endpoint: string): Promise<string> {
  const { nodeId, fingerprint: fp, target } = job;
  const inputs: Record<string, string[]> = {};
  for (const port of job.def.inputs)
    inputs[port.name] = await Promise.all(
      (job.inputs[port.name] ?? []).map((v) => publishValue(deps, job, v, port.kind)),
    );
  const body = job.def.request(job.params, inputs);
  if (target.kind === 'fal') refuseLocalAddresses(body, target.trustedOrigins);
  for (let tries = 1; ; tries++) {
    const sentAt = deps.jobs.submitting(fp, target.kind, endpoint);
    let requestId: string;
    try {
      requestId = await submitJob(
        target.fal,
        { endpoint, body, webhookUrl: deps.webhookUrl, retry: deps.retry, signal: job.signal },
        (n, err) =>
          job.live() &&
          job.emit({ type: 'node.retrying', nodeId, attempt: n, message: (err as Error).message ?? String(err) }),
      );
    } catch (err) {
      if (!(err instanceof SubmitOutcomeUnknown)) {
        // Refused, or stopped between attempts: no attempt reached fal as a job, so the fingerprint is free again.
        deps.jobs.failed(fp);
        throw err;
      }
      deps.jobs.unknown(fp);
      if (deps.submitPolicy === 'resubmit' && tries <= deps.retry.max && job.live()) {
        job.emit({
          type: 'node.retrying',
          nodeId,
          attempt: tries,
          message: `${err.message}; submitting again (SUBMIT_UNKNOWN=resubmit)`,
        });
        continue;
      }
      throw new NodeUncertain(endpoint, sentAt, err.message);
    }
    deps.jobs.accepted(fp, requestId);
    deps.counters.submitted++;
    if (!job.live()) {
      // Stopped while the submit was out: the receipt is stored (a resume follows it); a cancel also cancels it at fal.
      job.orphaned(endpoint, requestId);
      throw new Stopped();
    }
    job.emit({ type: 'node.submitted', nodeId, requestId, endpoint, attempt: tries, fingerprint: fp });
    return requestId;
  }
}

/** A value as `job.target` can read it: kept files are published for that engine, text passes through. */
async function publishValue(deps: NodeRunnerDeps, job: NodeJob, value: string, kind: string): Promise<string> {
  if (kind === 'text' || !(isMediaRef(value) || isRemoteUrl(value))) return value;
  const ref = await deps.media.resolve(value, job.signal);
  try {
    return await deps.publisher.publish(ref, job.target, job.runId);
  } catch (err) {
    throw new NodeFailure(
      'transient',
      `Could not make ${ref} available to ${job.target.kind === 'fal' ? 'fal' : 'the local engine'}: ${classify(err).message}`,
    );
  }
}

/** Follows the receipt; a request fal forgot or failed frees the fingerprint for a new submit, anything else keeps it. */
async function follow(deps: NodeRunnerDeps, job: NodeJob, endpoint: string, requestId: string): Promise<unknown> {
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
