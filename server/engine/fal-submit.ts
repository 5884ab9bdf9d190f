import { isMediaRef, isRemoteUrl } from '../../shared/media-ref.ts';
import { SubmitOutcomeUnknown } from '../fal/submit-guard.ts';
import { classify, NodeFailure, Stopped } from './errors.ts';
import { refuseLocalAddresses } from './fal-body-guard.ts';
import { submitJob } from './fal-job.ts';
import { NodeUncertain } from './fal-receipt.ts';
import type { NodeJob, NodeRunnerDeps } from './node-runner.ts';

/** Publishes the inputs for this engine, records the attempt, sends it; resubmits only when the policy allows. */
export async function submit(deps: NodeRunnerDeps, job: NodeJob, endpoint: string): Promise<string> {
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
