import type { RunEventBody } from '../../shared/events.ts';
import type { TakeSet } from '../../shared/takes.ts';
import { classify, Stopped } from './errors.ts';
import { NodeUncertain } from './fal-node.ts';
import { runNode, type NodeJob, type NodeResult, type NodeRunnerDeps } from './node-runner.ts';

/**
 * A node making several takes (shared/takes.ts): every take is run as a node of its own would be — its own seed,
 * fingerprint, cache entry and fal receipt, a slot of the shared concurrency limit each — all at once. Their events
 * carry the take's index. Once every take settled the node itself ends with its picked take's outputs: downstream
 * only ever sees the pick. A picked take that failed fails the node (with that take's error); another take failing
 * leaves the node done, that take marked failed in the grid.
 */
export async function runTakes(deps: NodeRunnerDeps, node: NodeJob, set: TakeSet): Promise<NodeResult> {
  const t0 = Date.now();
  const cached = new Set<number>();
  const spent: { cost: number; estimate?: number }[] = set.prints.map(() => ({ cost: 0 }));
  const settled = await Promise.allSettled(
    set.prints.map((fingerprint, i) => {
      const emit = (body: RunEventBody) => {
        if (body.type === 'node.cached') cached.add(i);
        if (body.type === 'node.completed') spent[i] = { cost: body.cost, estimate: body.estimate };
        node.emit({ ...body, take: i });
      };
      const job: NodeJob = {
        ...node,
        params: i === 0 ? node.params : { ...node.params, seed: set.seeds[i] },
        fingerprint,
        record: { nodeId: node.nodeId, ...(node.record.takes?.[i] ?? { state: 'pending' }) },
        emit,
        billed: () => node.billed(i),
      };
      return runNode(deps, job);
    }),
  );
  // Every take that did not make it says so on its own record; the pick's failure then fails the node too.
  settled.forEach((s, i) => {
    if (s.status === 'rejected') settleFailedTake(node, i, s.reason, spent[i]);
  });
  const picked = settled[set.pick];
  if (picked.status === 'rejected') throw picked.reason;
  const cost = spent.reduce((sum, s) => sum + s.cost, 0);
  const { outputs } = picked.value;
  const fingerprint = set.prints[set.pick];
  if (cached.size === set.prints.length) {
    node.emit({ type: 'node.cached', nodeId: node.nodeId, outputs, fingerprint });
    return { outputs, cost: 0 };
  }
  const estimates = spent.filter((s) => s.estimate !== undefined);
  node.emit({
    type: 'node.completed',
    nodeId: node.nodeId,
    outputs,
    cost,
    ms: Date.now() - t0,
    fingerprint,
    ...(estimates.length ? { estimate: estimates.reduce((sum, s) => sum + (s.estimate ?? 0), 0) } : {}),
  });
  return { outputs, cost };
}

/** A take that did not make it, said on its own record (a stopped one says nothing: the cancel speaks for it). */
function settleFailedTake(node: NodeJob, take: number, err: unknown, spent: { cost: number }) {
  const paid = err as { cost?: number; requestId?: string };
  if (err instanceof Stopped || (!node.live() && !paid.cost)) return;
  if (err instanceof NodeUncertain) {
    const { endpoint, submittedAt, message } = err;
    return node.emit({ type: 'node.uncertain', nodeId: node.nodeId, take, endpoint, submittedAt, message });
  }
  spent.cost = paid.cost ?? 0;
  const f = classify(err);
  node.emit({
    type: 'node.failed',
    nodeId: node.nodeId,
    take,
    kind: f.kind,
    message: f.message,
    ...(f.field ? { field: f.field } : {}),
    ...(paid.cost ? { cost: paid.cost } : {}),
    ...(paid.requestId ? { requestId: paid.requestId } : {}),
  });
}

/** The in-flight key of a node or one of its takes (a cancel must reach every take's fal request). */
export const takeKey = (nodeId: string, take?: number) => (take === undefined ? nodeId : `${nodeId}\u0000${take}`);

/** Whether an in-flight key is the node's own or one of its takes'. */
export const isKeyOf = (key: string, nodeId: string) => key === nodeId || key.startsWith(`${nodeId}\u0000`);
