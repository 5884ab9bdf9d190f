import type { NodeDef, NodeOutputs, PortValues } from './define-node.ts';

/**
 * Bypass (issue 13, as in ComfyUI): a bypassed node does not run. Each of its outputs hands on the first input of the
 * same kind; when an output has no such input (Image → Video has no video input), the node and its branch are skipped.
 */

/** What a bypassed node hands on, or undefined when some output has no input of its kind with a value. */
export function passThrough(def: Pick<NodeDef, 'inputs' | 'outputs'>, inputs: PortValues): NodeOutputs | undefined {
  const outputs: NodeOutputs = {};
  for (const out of def.outputs) {
    const port = def.inputs.find((p) => p.kind === out.kind || p.kind === 'any' || out.kind === 'any');
    const value = port ? inputs[port.name]?.[0] : undefined;
    if (!value) return undefined;
    outputs[out.name] = value;
  }
  return outputs;
}

/**
 * Salts that mark bypassed nodes in fingerprints: what lies downstream of a bypassed node was made from the input it
 * handed on, never from its own result, so the cache must tell the two apart (and un-bypassing finds the old results).
 */
export function bypassSalts(
  nodes: readonly { id: string; data: { bypass?: boolean } }[],
  salts: Record<string, string>,
): Record<string, string> {
  const bypassed = nodes.filter((n) => n.data.bypass);
  if (!bypassed.length) return salts;
  const out = { ...salts };
  for (const n of bypassed) out[n.id] = `bypassed${salts[n.id] ? `:${salts[n.id]}` : ''}`;
  return out;
}
