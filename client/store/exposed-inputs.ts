import type { ExposedInput } from '../../shared/graph.ts';
import type { FlowNode } from './types.ts';

/** The name rule of the graph schema, checked while typing so a bad name never reaches a save. */
export const INPUT_NAME = /^[A-Za-z_][\w-]*$/;

/** The exposure of one node param, if any. */
export function exposureOf(inputs: readonly ExposedInput[], node: string, param: string): ExposedInput | undefined {
  return inputs.find((i) => i.node === node && i.param === param);
}

/**
 * Sets (or, with null, removes) the exposure of one param, keeping its place in the list: the list order is the
 * form's field order, so renaming an input must not move it to the end.
 */
export function setExposure(
  inputs: readonly ExposedInput[],
  node: string,
  param: string,
  next: { name: string; label?: string } | null,
): ExposedInput[] {
  const i = inputs.findIndex((x) => x.node === node && x.param === param);
  if (!next) return inputs.filter((_, k) => k !== i);
  const entry: ExposedInput = { name: next.name, node, param, ...(next.label ? { label: next.label } : {}) };
  return i < 0 ? [...inputs, entry] : inputs.map((x, k) => (k === i ? entry : x));
}

/** A free input name for a param: the param's own name, then name_2, name_3 … */
export function suggestName(inputs: readonly ExposedInput[], param: string): string {
  const base = param.replace(/[^\w-]/g, '_').replace(/^[^A-Za-z_]/, '_');
  const taken = new Set(inputs.map((i) => i.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** Inputs whose node is gone would make the template's input schema report problems; they go with their node. */
export function keepInputsOf(inputs: ExposedInput[], nodes: readonly FlowNode[]): ExposedInput[] {
  const ids = new Set(nodes.map((n) => n.id));
  return inputs.every((i) => ids.has(i.node)) ? inputs : inputs.filter((i) => ids.has(i.node));
}
