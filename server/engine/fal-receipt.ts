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
 * What the receipt book says about this job before anything is sent: the request id to follow when fal accepted it
 * (it is never submitted again), NodeUncertain when an earlier submit got no answer and nobody said to send it again,
 * or undefined when it is to be submitted.
 */
export function receiptToFollow(deps: NodeRunnerDeps, job: NodeJob): string | undefined {
  const { nodeId, fingerprint: fp } = job;
  const receipt = deps.jobs.get(fp);
  const followed = !!receipt?.requestId && (receipt.state === 'accepted' || receipt.state === 'completed');
  if (receipt?.requestId && followed) {
    const requestId = receipt.requestId;
    job.emit({ type: 'node.submitted', nodeId, requestId, endpoint: receipt.endpoint, fingerprint: fp });
    job.emit({
      type: 'node.progress',
      nodeId,
      logs: [`Following fal request ${requestId} (sent ${receipt.submittedAt}); it is not submitted again`],
    });
    return requestId;
  }
  if (
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
  }
  return undefined;
}

/**
 * Records that fal billed this job (`charge`: nothing on the local engine). Returns what this run paid for it: nothing
 * when another run saw the completion first.
 */
export function recordBilled(deps: NodeRunnerDeps, job: NodeJob, charge: number): number {
  const fp = job.fingerprint;
  // fal reported completion: it bills now. Recorded once, by the run that saw it, before anything else can fail.
  const known = deps.jobs.get(fp);
  if (known?.state !== 'completed') deps.jobs.completed(fp, charge, job.runId);
  const receiptNow = deps.jobs.get(fp)!;
  return receiptNow.costRun === job.runId ? (receiptNow.cost ?? 0) : 0;
}
