import type { z } from 'zod';
import type { NodeDef } from '../../shared/define-node.ts';
import { defsForEndpoint } from '../../shared/registry.ts';

/** One entry of fal's 422 `detail` list; the client's `ValidationError.fieldErrors` are these. */
export interface FieldError {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export type Validated =
  | { ok: true; def: NodeDef; input: Record<string, unknown> }
  | { ok: false; detail: FieldError[] };

/** Pydantic-style error types, so messages look like fal's (which is a FastAPI app). */
function errorType(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'missing' : `${issue.expected}_type`;
    case 'invalid_value':
      return 'literal_error';
    case 'too_small':
      return issue.origin === 'array' ? 'too_short' : 'greater_than_equal';
    case 'too_big':
      return issue.origin === 'array' ? 'too_long' : 'less_than_equal';
    case 'invalid_format':
      return 'url_parsing';
    default:
      return 'value_error';
  }
}

export function isKnownEndpoint(endpoint: string): boolean {
  return defsForEndpoint(endpoint).some((d) => d.falInput);
}

/**
 * Validates a body with the registry's own fal schemas. Some ids have several accepted shapes (pikascenes takes
 * `image_urls`, and an entry's `olderFalInputs` keep the 2025 `images: [{image_url}]`): any schema accepting it
 * wins; otherwise the closest one's errors (fewest issues) are reported, naming the fields most likely wrong.
 */
export function validateBody(endpoint: string, body: unknown): Validated {
  let best: FieldError[] | undefined;
  const schemas = defsForEndpoint(endpoint).flatMap((def) =>
    [def.falInput, ...(def.olderFalInputs ?? [])].filter((s) => s !== undefined).map((schema) => ({ def, schema })),
  );
  for (const { def, schema } of schemas) {
    const parsed = schema.safeParse(body ?? {});
    if (parsed.success) return { ok: true, def, input: parsed.data as Record<string, unknown> };
    const detail = parsed.error.issues.map((issue) => ({
      loc: ['body', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      msg: issue.message,
      type: errorType(issue),
    }));
    if (!best || detail.length < best.length) best = detail;
  }
  return { ok: false, detail: best ?? [{ loc: ['body'], msg: 'unknown endpoint', type: 'value_error' }] };
}
