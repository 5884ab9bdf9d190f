import type { FalClient } from '@fal-ai/client';
import type { NodeRunState } from '../../shared/api.ts';
import { isKeyOf, takeKey } from './takes.ts';

/** One fal request: the receipt a cancel (or a resume) needs. */
export type FalRequest = { endpoint: string; requestId: string };

/**
 * What a run's cancel must reach, by node or take (takes.ts `takeKey`): the fal requests out right now (added when
 * fal accepts one, forgotten once its node settles) and the nodes fal already billed, whose results are kept.
 */
export class RunRequests {
  private readonly out = new Map<string, FalRequest>();
  /** Nodes (or takes) whose fal job completed (billed), with their running launch: a cancel waits for them. */
  private readonly billed = new Map<string, Promise<void>>();
  /** Set once the run is being cancelled: a request fal accepts after that is cancelled at once. */
  cancelling = false;

  /** Requests a previous process stored for this node (its own, each take's): a cancel must reach them too. */
  adopt(id: string, rec: NodeRunState | undefined) {
    if (rec?.requestId && rec.endpoint) this.out.set(id, { endpoint: rec.endpoint, requestId: rec.requestId });
    for (const [i, t] of (rec?.takes ?? []).entries())
      if (t.requestId && t.endpoint) this.out.set(takeKey(id, i), { endpoint: t.endpoint, requestId: t.requestId });
  }

  set(key: string, req: FalRequest) {
    this.out.set(key, req);
  }

  /** The node (and every take of it) has nothing in flight any more. */
  forget(id: string) {
    for (const key of [...this.out.keys()]) if (isKeyOf(key, id)) this.out.delete(key);
  }

  /** fal billed this node (or take): a cancel lets `launch` finish, keeping the result and its cost. */
  billedBy(key: string, launch: Promise<void>) {
    this.billed.set(key, launch);
  }

  /** A request submitted after the run was cancelled. */
  orphaned(fal: FalClient, req: FalRequest) {
    if (this.cancelling) void fal.queue.cancel(req.endpoint, { requestId: req.requestId }).catch(() => {});
  }

  /**
   * Asks fal to cancel every request out that was not billed (a refused cancel is ignored: the job may have ended
   * meanwhile), then waits for the billed nodes to settle. Returns the keys a cancel was sent for.
   */
  async cancelAll(fal: FalClient): Promise<string[]> {
    this.cancelling = true;
    const sent = [...this.out.entries()].filter(([key]) => !this.billed.has(key));
    await Promise.all(sent.map(([, r]) => fal.queue.cancel(r.endpoint, { requestId: r.requestId }).catch(() => {})));
    await Promise.all(this.billed.values());
    return sent.map(([key]) => key);
  }
}
