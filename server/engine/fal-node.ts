import type { NodeOutputs } from '../../shared/define-node.ts';
import { isRemoteUrl } from '../../shared/media-ref.ts';
import { NodeFailure } from './errors.ts';
import { follow } from './fal-follow.ts';
import { RequestCancelled } from './fal-job.ts';
import { receiptToFollow, recordBilled } from './fal-receipt.ts';
import { submit } from './fal-submit.ts';
import type { NodeJob, NodeRunnerDeps } from './node-runner.ts';

// Where the node's failures are read (takes.ts, failure-event.ts) it is known as fal-node's.
export { NodeUncertain } from './fal-receipt.ts';

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
  const stored = receiptToFollow(deps, job);
  const followed = stored !== undefined;
  let requestId = stored ?? (await submit(deps, job, endpoint));
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
  const cost = recordBilled(deps, job, paid ? price : 0);
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
