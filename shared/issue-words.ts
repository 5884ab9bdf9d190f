import type { z } from 'zod';

/**
 * One zod issue about a node param in a designer's words ("cross-fade can be at most 3 s", "start must be a whole
 * number") instead of zod's ("Too big: expected number to be <=3"). The field is named by its title as the inspector
 * shows it, with the unit taken from the title's "(s)". A message a schema wrote itself (not zod's default wording) is
 * already plain and is kept as it was: `prompt: at most 1,500 characters`.
 */
export function issueWords(issue: z.core.$ZodIssue, params?: z.ZodType): string {
  const key = issue.path.map(String).join('.') || 'params';
  if (!ZOD_DEFAULT.test(issue.message)) return `${key}: ${issue.message}`;
  const { name, unit } = fieldName(issue.path, params);
  return `${name} ${rule(issue, unit)}`;
}

/** zod's own wording, as opposed to a message a schema supplied. */
const ZOD_DEFAULT = /^(Too big|Too small|Invalid)\b/;

function rule(issue: z.core.$ZodIssue, unit: string): string {
  const num = (n: number | bigint) => `${Number(n).toLocaleString('en-US')}${unit}`;
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return `can be at most ${num(issue.maximum)} characters long`;
      if (issue.origin === 'array') return `takes at most ${Number(issue.maximum)} items`;
      return issue.inclusive ? `can be at most ${num(issue.maximum)}` : `must be less than ${num(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? "can't be empty" : `needs at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `needs at least ${Number(issue.minimum)} items`;
      return issue.inclusive ? `must be at least ${num(issue.minimum)}` : `must be more than ${num(issue.minimum)}`;
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return 'is needed';
      return TYPE_WORDS[issue.expected] ?? 'has the wrong kind of value';
    case 'invalid_value':
      return `must be ${choices(issue.values)}`;
    case 'invalid_union': {
      const values = issue.errors.flat().flatMap((e) => (e.code === 'invalid_value' ? e.values : []));
      return values.length ? `must be ${choices(values)}` : 'is not a value this field takes';
    }
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a link (https://…)' : `must be a valid ${issue.format}`;
    default:
      return `is not valid (${issue.message})`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  int: 'must be a whole number',
  number: 'must be a number',
  string: 'must be text',
  boolean: 'must be on or off',
  array: 'must be a list',
};

function choices(values: readonly unknown[]): string {
  const words = values.map((v) => String(v));
  return words.length <= 1 ? (words[0] ?? 'set') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** "Cross-fade (s)" → name "cross-fade", unit " s"; no title: the param's key. Nested paths say where inside. */
function fieldName(path: readonly PropertyKey[], params?: z.ZodType): { name: string; unit: string } {
  const [top, ...rest] = path.map(String);
  const shape = (params as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  const title = (top !== undefined && (shape?.[top]?.meta() as { title?: string } | undefined)?.title) || top;
  if (!title) return { name: 'params', unit: '' };
  const unit = title.match(/\(([a-z%]+)\)\s*$/i)?.[1];
  const bare = title.replace(/\s*\([^)]*\)\s*$/, '');
  // Lower-case a capitalised word ("Start"), never an acronym ("URL").
  const name = /^[A-Z][a-z]/.test(bare) ? bare.charAt(0).toLowerCase() + bare.slice(1) : bare;
  const where = rest.map((p) => (/^\d+$/.test(p) ? `${Number(p) + 1}` : p)).join(' ');
  return { name: where ? `${name} ${where}` : name, unit: unit && rest.length === 0 ? ` ${unit}` : '' };
}
