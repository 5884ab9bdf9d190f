import type { TemplateInputField } from '../../shared/template-inputs.ts';
import type { BatchSource } from './app-api.ts';

/** Grid cells are typed as text ("1, 2, 3"); numbers and booleans go out as such, so the server checks real values. */
export function parseCell(raw: string, schema: Record<string, unknown>): unknown {
  const type = schema.type;
  if ((type === 'number' || type === 'integer') && raw !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (type === 'boolean' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  return raw;
}

/**
 * Free text (a prompt) takes one value per line: a real prompt has commas in it and must stay one run. Numbers,
 * choices and switches never hold a comma, so "7, 8" still gives two seeds (and one per line works for them too).
 */
export function isFreeText(field: TemplateInputField): boolean {
  const s = field.schema;
  return s.type === 'string' && !Array.isArray(s.enum) && !Array.isArray(s.options);
}

/** The values typed for one grid axis: lines for free text; commas or lines for the rest. Blank ones are dropped. */
export function cellValues(field: TemplateInputField, raw: string): unknown[] {
  return raw
    .split(isFreeText(field) ? /\r?\n/ : /[,\r\n]/)
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => parseCell(v, field.schema));
}

/** The grid's axes: only inputs given at least one value vary; the rest keep the template's value. */
export function gridSource(fields: TemplateInputField[], cells: Record<string, string>): BatchSource | null {
  const grid: Record<string, unknown[]> = {};
  for (const f of fields) {
    const values = cellValues(f, cells[f.name] ?? '');
    if (values.length) grid[f.name] = values;
  }
  return Object.keys(grid).length ? { grid } : null;
}

/** How many runs a grid makes (the cartesian product), shown while typing. */
export function gridCount(source: BatchSource | null): number {
  if (!source || !('grid' in source)) return 0;
  return Object.values(source.grid).reduce((n, v) => n * v.length, 1);
}
