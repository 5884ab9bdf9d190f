import { z } from 'zod';
import type { InputPort, OutputPort } from './ports.ts';

/** Values arriving at a node's input ports: port name → ordered values (text, or a media URL). */
export type PortValues = Record<string, string[]>;
/** Values a node produced: output port name → value (text, or a media URL). */
export type NodeOutputs = Record<string, string>;

/** A problem specific to one node type, reported by `check` (the generic ones live in validate.ts). */
export interface NodeCheckProblem {
  code: string;
  message: string;
  field?: string;
  port?: string;
}

export type Category = 'Sources' | 'Generate' | 'Animate' | 'Compose' | 'Edit' | 'Media' | 'Output' | 'Canvas';

/** One node type. Everything else (palette, inspector, validation, executor, cost, engine, tests) is derived from it. */
export interface NodeDef {
  /** kebab-case id, equal to React Flow's `node.type`. */
  type: string;
  title: string;
  category: Category;
  description: string;
  /**
   * Versions of one operation (issue 13): entries with the same `operation` are one palette entry and one node on the
   * canvas, whose header switches among them by `variant` ('Turbo', '2.1', '2.2'). Each version stays its own type,
   * with its own endpoint, schema and price. The registry lists them oldest first; the newest is the default.
   */
  operation?: string;
  /** The operation's name, shared by its versions (e.g. 'Image → Video'): the node header shows it beside the picker. */
  operationTitle?: string;
  /** This version's name in the picker (short: 'Turbo', '2.2'). */
  variant?: string;
  /** A canvas-only item (group frame, sticky note): validation, cost and the engine pass it by. */
  annotation?: boolean;
  /** fal endpoint id for nodes that call fal; undefined for nodes run by the server itself. */
  endpoint?: string;
  /**
   * Key of a server-side executor for non-fal nodes that need Node APIs (ffmpeg steps). Nodes with `emit` instead
   * are pure and need no executor.
   */
  local?: string;
  inputs: InputPort[];
  outputs: OutputPort[];
  /** fal's input schema, mirrored exactly (names, required, enums, defaults). Fal nodes only. */
  falInput?: z.ZodObject;
  /** Bodies fal accepted at this endpoint before (never sent by us); the local engine accepts them too. */
  olderFalInputs?: z.ZodObject[];
  /** What the inspector edits: `falInput` minus the fields fed only by edges. */
  params: z.ZodObject;
  /** Estimated USD for one run with these (parsed) params. */
  cost(params: Record<string, unknown>): number;
  /** True when the price is not published by fal and the estimate is a guess. */
  costIsGuess?: boolean;
  /** Builds the fal body from parsed params and upstream values. */
  request(params: Record<string, unknown>, inputs: PortValues): Record<string, unknown>;
  /** Maps fal's output JSON to output port values. */
  result(output: unknown): NodeOutputs;
  /** Pure nodes (sources, output): produce outputs without any call. */
  emit?(params: Record<string, unknown>, inputs: PortValues): NodeOutputs;
  /** Params a freshly added node starts with, for fields fal requires without a default (e.g. the effect). */
  example?: Record<string, unknown>;
  /** Type-specific checks beyond the generic ones; `counts` = edges connected per input port. */
  check?(params: Record<string, unknown>, counts: Record<string, number>): NodeCheckProblem[];
}

type FalNodeSpec = Omit<NodeDef, 'params' | 'request' | 'result' | 'falInput'> & {
  endpoint: string;
  falInput: z.ZodObject;
  request?: NodeDef['request'];
  result?: NodeDef['result'];
};

/** Default fal body: params, then each connected port fills its field (a list port fills an array). */
export function defaultRequest(inputs: InputPort[]) {
  return (params: Record<string, unknown>, values: PortValues): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) if (v !== undefined) body[k] = v;
    for (const port of inputs) {
      const got = values[port.name] ?? [];
      const field = port.field ?? port.name;
      if (got.length > 0) body[field] = port.list ? got : got[0];
      else if (port.param && body[port.param] === '' && !port.required) delete body[port.param];
    }
    return body;
  };
}

/** Every Pika endpoint returns `{ video: File }`. */
export function videoResult(output: unknown): NodeOutputs {
  const url = (output as { video?: { url?: unknown } } | null)?.video?.url;
  if (typeof url !== 'string') throw new Error('fal output has no video.url');
  return { video: url };
}

/**
 * Declares a node that calls fal. Params are derived from the fal schema: fields fed only by edges are removed, and
 * fields that can be either typed or connected (the prompt) become optional with an empty default.
 */
export function falNode(spec: FalNodeSpec): NodeDef {
  const edgeOnly: Record<string, true> = {};
  const typable: Record<string, z.ZodType> = {};
  for (const port of spec.inputs) {
    if (port.param) {
      const original = spec.falInput.shape[port.param] as z.ZodType | undefined;
      // An optional prompt keeps its title on the inner schema.
      const inner = original instanceof z.ZodOptional ? (original.unwrap() as z.ZodType) : original;
      const meta = inner?.meta() ?? {};
      typable[port.param] = z.string().default('').meta(meta);
    } else edgeOnly[port.field ?? port.name] = true;
  }
  const params = spec.falInput.omit(edgeOnly).extend(typable);
  return {
    ...spec,
    params,
    request: spec.request ?? defaultRequest(spec.inputs),
    result: spec.result ?? videoResult,
  };
}

/** Declares a node run by our server (sources, output, media steps): no fal call, no cost. */
export function localNode(spec: Omit<NodeDef, 'request' | 'result' | 'cost'> & { cost?: NodeDef['cost'] }): NodeDef {
  return {
    cost: () => 0,
    ...spec,
    request: defaultRequest(spec.inputs),
    result: (output) => output as NodeOutputs,
  };
}
