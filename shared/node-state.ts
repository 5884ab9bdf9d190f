import type { NodeRunState } from './api.ts';
import type { RunEventBody } from './events.ts';
import { stateAfter, TERMINAL_NODE } from './events.ts';

/** When an event happened; absent in bodies the engine has not stamped yet. */
export type At = { at?: string };

/**
 * A node after one event. A terminal node state is final within a run: a late `node.cancelled` never turns a done
 * (paid) node into a cancelled one.
 */
export function reduceNode(record: NodeRunState | undefined, event: RunEventBody & At): NodeRunState {
  const prev: NodeRunState = record ?? { state: 'pending' };
  if (!('nodeId' in event)) return prev;
  if (TERMINAL_NODE.includes(prev.state)) return prev;
  const at = event.at;
  const next: NodeRunState = { ...prev, state: stateAfter(event) ?? prev.state };
  switch (event.type) {
    case 'node.cached':
      return {
        ...next,
        outputs: event.outputs,
        cost: 0,
        error: undefined,
        log: undefined,
        position: undefined,
        ...fp(event.fingerprint),
        endedAt: at,
      };
    case 'node.submitted':
      return {
        ...next,
        requestId: event.requestId,
        endpoint: event.endpoint,
        ...(event.attempt ? { attempt: event.attempt } : {}),
        ...fp(event.fingerprint),
        startedAt: prev.startedAt ?? at,
        submittedAt: at,
      };
    case 'node.queued':
      return { ...next, position: event.position };
    case 'node.started':
      return { ...next, position: undefined, ...fp(event.fingerprint), startedAt: prev.startedAt ?? at };
    case 'node.progress':
      return { ...next, log: event.logs.at(-1) ?? prev.log, startedAt: prev.startedAt ?? at };
    case 'node.retrying':
      return { ...next, attempt: event.attempt, log: `Retrying: ${event.message}` };
    case 'node.completed':
      return {
        ...next,
        outputs: event.outputs,
        cost: event.cost,
        ...(event.estimate !== undefined ? { estimate: event.estimate } : {}),
        error: undefined,
        log: undefined,
        position: undefined,
        ...fp(event.fingerprint),
        endedAt: at,
      };
    case 'node.failed':
      return {
        ...next,
        error: { kind: event.kind, message: event.message, ...(event.field ? { field: event.field } : {}) },
        ...(event.cost !== undefined ? { cost: event.cost } : {}),
        ...(event.requestId ? { requestId: event.requestId } : {}),
        position: undefined,
        endedAt: at,
      };
    case 'node.uncertain':
      return {
        ...next,
        endpoint: event.endpoint,
        submittedAt: event.submittedAt,
        log: event.message,
        position: undefined,
        endedAt: at,
      };
    case 'node.skipped':
      return { ...next, log: event.reason, endedAt: at };
    case 'node.cancelled':
      return { ...next, position: undefined, ...(event.note ? { log: event.note } : {}), endedAt: at };
  }
  return next;
}

const fp = (fingerprint?: string) => (fingerprint ? { fingerprint } : {});
