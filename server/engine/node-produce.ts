import { join } from 'node:path';
import type { NodeOutputs } from '../../shared/define-node.ts';
import { classify, NodeFailure, Stopped, withRetry } from './errors.ts';
import { produceFal } from './fal-node.ts';
import { runLocalStep } from './local-executors.ts';
import type { NodeJob, NodeResult, NodeRunnerDeps } from './node-runner.ts';

/** Makes a node's outputs that no cache or other run had: at fal (or the local engine), or by a server executor. */
export async function produce(deps: NodeRunnerDeps, job: NodeJob): Promise<NodeResult> {
  const release = await deps.slots.acquire(job.signal);
  try {
    const t0 = Date.now();
    if (job.def.endpoint) {
      const made = await produceFal(deps, job, job.def.endpoint, (outputs) =>
        keepOutputs(deps, job, outputs, deps.follow, job.keepSignal),
      );
      return complete(deps, job, made.outputs, made.cost, t0, made.estimate);
    }
    const outputs = await runLocal(deps, job);
    deps.cache.put(job.fingerprint, job.def.type, outputs, 0);
    return complete(deps, job, outputs, 0, t0);
  } finally {
    release();
  }
}

export function complete(
  _deps: NodeRunnerDeps,
  job: NodeJob,
  outputs: NodeOutputs,
  cost: number,
  t0: number,
  estimate?: number,
): NodeResult {
  job.emit({
    type: 'node.completed',
    nodeId: job.nodeId,
    outputs,
    cost,
    ms: Date.now() - t0,
    fingerprint: job.fingerprint,
    ...(estimate !== undefined ? { estimate } : {}),
  });
  return { outputs, cost };
}

/**
 * Every image/video output becomes a kept file: fal results and pasted URLs are fetched (once per URL, retried while
 * the host hiccups), local files are already references. Text passes through.
 */
export async function keepOutputs(
  deps: NodeRunnerDeps,
  job: NodeJob,
  outputs: NodeOutputs,
  policy = deps.retry,
  signal = job.signal,
): Promise<NodeOutputs> {
  const kept: NodeOutputs = { ...outputs };
  const ports = job.def.outputs.length ? job.def.outputs : Object.keys(outputs).map((name) => ({ name, kind: 'any' }));
  for (const port of ports) {
    const value = outputs[port.name];
    if (port.kind === 'text' || !value) continue;
    try {
      kept[port.name] = await withRetry(() => deps.media.resolve(value, signal), policy, { signal });
    } catch (err) {
      if (err instanceof Stopped) throw err;
      const f = classify(err);
      const source = job.def.emit ? 'Could not fetch this file' : `Could not download ${port.name} from fal`;
      throw new NodeFailure(
        f.kind === 'internal' ? 'validation' : f.kind,
        `${source}: ${f.message}`,
        job.def.emit ? 'url' : undefined,
      );
    }
  }
  return kept;
}

async function runLocal(deps: NodeRunnerDeps, job: NodeJob): Promise<NodeOutputs> {
  const key = job.def.local!;
  const exec = deps.localExecutors[key];
  if (!exec) throw new NodeFailure('internal', `No server executor is registered for "${key}" yet`);
  job.emit({ type: 'node.started', nodeId: job.nodeId, fingerprint: job.fingerprint });
  return runLocalStep(exec, job.params, job.inputs, {
    media: deps.media,
    tmpDir: join(deps.dataDir, 'tmp'),
    signal: job.signal,
  });
}
