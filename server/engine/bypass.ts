import type { NodeDef, NodeOutputs, PortValues } from '../../shared/define-node.ts';
import type { RunEventBody } from '../../shared/events.ts';
import type { NodeRunState } from '../../shared/api.ts';
import { passThrough } from '../../shared/bypass.ts';

/** The reason a bypassed node with nothing to hand on is skipped (the editor shows it on the node). */
export const BYPASSED = 'bypassed';

/**
 * A bypassed node's whole part in a run, decided without running it: it completes at once with its inputs handed on
 * (free, no fal call), or, when an output has no input of its kind, it is skipped as "bypassed".
 */
export function bypassStep(
  nodeId: string,
  def: NodeDef,
  inputs: PortValues,
): { event: RunEventBody; outputs?: NodeOutputs } {
  const outputs = passThrough(def, inputs);
  if (!outputs) return { event: { type: 'node.skipped', nodeId, reason: BYPASSED } };
  return { event: { type: 'node.completed', nodeId, outputs, cost: 0, ms: 0 }, outputs };
}

/**
 * Why a node is skipped because `upId` did not finish. Behind a bypassed node the branch says so (naming the bypassed
 * node by id, which the editor turns into its name), all the way down.
 */
export function skipReason(upId: string, up: NodeRunState | undefined): string {
  if (up?.state === 'skipped' && up.log === BYPASSED) return `"${upId}" is bypassed`;
  if (up?.state === 'skipped' && up.log?.endsWith(' is bypassed')) return up.log;
  return `"${upId}" did not finish`;
}
