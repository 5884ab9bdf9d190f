/** Port kinds: what travels along an edge. `any` is only valid on inputs (the Output node). */
export const PORT_KINDS = ['text', 'image', 'video', 'any'] as const;
export type PortKind = (typeof PORT_KINDS)[number];

/** An input port: fed by edges, fills one field of the fal request body. */
export interface InputPort {
  /** Handle id in React Flow (`edge.targetHandle`). */
  name: string;
  kind: PortKind;
  label: string;
  /** Must be connected (or, when `param` is set, the param must be filled) before a run. */
  required: boolean;
  /** Ordered list port: many edges, ordered by `edge.data.order`; fills an array field. */
  list?: { min: number; max: number };
  /** The fal body field it fills (defaults to `name`). */
  field?: string;
  /** A param of the same node that can be typed in instead of connecting (e.g. `prompt`). */
  param?: string;
}

/** An output port: a value the node produces once it has run. `any`: what its node's first input carries (a reroute). */
export interface OutputPort {
  name: string;
  kind: PortKind;
  label: string;
}

/** Whether an edge from a `source`-kind output may enter `target`. Kinds must match exactly, except `any`. */
export function kindFits(source: PortKind, target: InputPort): boolean {
  return target.kind === 'any' || source === target.kind;
}

/** How many edges a port accepts. */
export function maxConnections(port: InputPort): number {
  return port.list ? port.list.max : 1;
}

/** Colours per kind, shared so the canvas handles and edges agree. */
export const KIND_COLORS: Record<PortKind, string> = {
  text: '#f5a524',
  image: '#17c964',
  video: '#7c5cff',
  any: '#a1a1aa',
};
