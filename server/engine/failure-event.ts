import type { RunEventBody } from '../../shared/events.ts';
import { classify, Stopped } from './errors.ts';
import { NodeUncertain } from './fal-node.ts';

/**
 * The event a node that threw `err` settles with, or undefined when it must not settle: the server is stopping (the
 * next process re-attaches), or the run was cancelled before fal billed the node (the cancel records it). A billed node
 * that failed after a cancel still settles, so its cost is on record.
 */
export function failureEvent(nodeId: string, err: unknown, cancelled: boolean): RunEventBody | undefined {
  const paid = err as { cost?: number; requestId?: string };
  if (err instanceof Stopped || (cancelled && !paid.cost)) return undefined;
  if (err instanceof NodeUncertain)
    return {
      type: 'node.uncertain',
      nodeId,
      endpoint: err.endpoint,
      submittedAt: err.submittedAt,
      message: err.message,
    };
  const f = classify(err);
  return {
    type: 'node.failed',
    nodeId,
    kind: f.kind,
    message: f.message,
    ...(f.field ? { field: f.field } : {}),
    ...(paid.cost ? { cost: paid.cost } : {}),
    ...(paid.requestId ? { requestId: paid.requestId } : {}),
  };
}
