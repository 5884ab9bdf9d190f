import { z } from 'zod';
import type { NodeDef } from '../../../shared/define-node.ts';

/** One property of a params JSON schema, with our `.meta()` keys merged in by zod. */
export interface PropSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: PropSchema[];
  const?: unknown;
  default?: unknown;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  multiline?: boolean;
  seed?: boolean;
  media?: 'image' | 'video';
  options?: unknown[];
  transitions?: boolean;
  /** false: never a template input (Output's name names a result; it is not a value to ask for). */
  exposable?: boolean;
  /** true: edited on the canvas itself (a group's size), never shown as a field. */
  hidden?: boolean;
  items?: PropSchema & { properties?: Record<string, PropSchema> };
}

export type FieldKind =
  | 'transitions'
  | 'seed'
  | 'media'
  | 'select'
  | 'multiline'
  | 'text'
  | 'number'
  | 'toggle'
  | 'json';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  schema: PropSchema;
  required: boolean;
  /** Choices of a select (enum values, or `meta.options`). */
  choices?: unknown[];
}

const cache = new WeakMap<NodeDef, FieldSpec[]>();

/** The inspector form of a node type, derived once from its params schema (never from its type name). */
export function fieldsOf(def: NodeDef): FieldSpec[] {
  const hit = cache.get(def);
  if (hit) return hit;
  const json = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, PropSchema>;
    required?: string[];
  };
  // JSON schema loses defaults behind a preprocess (v2.2 duration accepts "5" and 5); the zod schema itself knows them.
  const parsed = def.params.safeParse(def.example ?? {});
  const defaults = (parsed.success ? parsed.data : {}) as Record<string, unknown>;
  const specs = Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    schema:
      schema.default === undefined && defaults[name] !== undefined ? { ...schema, default: defaults[name] } : schema,
    required: json.required?.includes(name) ?? false,
    ...classify(schema),
  }));
  cache.set(def, specs);
  return specs;
}

/** A field for one JSON schema outside a node (a template input): same kinds, same widgets as the inspector. */
export function specOf(name: string, schema: PropSchema, required = false): FieldSpec {
  return { name, schema, required, ...classify(schema) };
}

function classify(s: PropSchema): { kind: FieldKind; choices?: unknown[] } {
  if (s.transitions) return { kind: 'transitions' };
  if (s.seed) return { kind: 'seed' };
  if (s.media) return { kind: 'media' };
  const choices =
    s.enum ?? s.options ?? (s.anyOf?.every((a) => 'const' in a) ? s.anyOf.map((a) => a.const) : undefined);
  if (choices) return { kind: 'select', choices };
  if (s.multiline) return { kind: 'multiline' };
  if (s.type === 'string') return { kind: 'text' };
  if (s.type === 'number' || s.type === 'integer') return { kind: 'number' };
  if (s.type === 'boolean') return { kind: 'toggle' };
  return { kind: 'json' };
}
