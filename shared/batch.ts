import Papa from 'papaparse';
import type { z } from 'zod';

/**
 * Batches (issue 6): a template run over many input sets — a pasted list (CSV or JSON) or a parameter grid
 * (e.g. seeds × aspect ratios, the cartesian product).
 */

export type InputSet = Record<string, unknown>;

/** Items one batch may have: every item is a run, planned and stored before anything starts. */
export const MAX_BATCH_ROWS = 1000;

/**
 * How many items a grid makes: the product of its axis lengths, counted without building a single item (a 1.2 KB
 * grid of 4 × 100 values is 10⁸ items; building them first ran the server out of memory).
 */
export function gridSize(grid: Record<string, unknown[]>): number {
  let size = 1;
  for (const values of Object.values(grid)) size *= Array.isArray(values) ? values.length : 0;
  return size;
}

/** Cartesian product of the grid's value lists, first key varying slowest; refused before expanding when too big. */
export function expandGrid(grid: Record<string, unknown[]>, limit = MAX_BATCH_ROWS): InputSet[] {
  const axes = Object.entries(grid);
  for (const [name, values] of axes)
    if (!Array.isArray(values) || values.length === 0) throw new Error(`grid "${name}" needs at least one value`);
  const size = gridSize(grid);
  if (size > limit) {
    const lengths =
      axes
        .slice(0, 8)
        .map(([, v]) => v.length)
        .join(' × ') + (axes.length > 8 ? ' × …' : '');
    const count = Number.isFinite(size) && size < 1e15 ? size.toLocaleString('en-US') : 'over 10¹⁵';
    throw new Error(`the grid makes ${count} rows (${lengths}); the limit is ${limit}`);
  }
  // Item i picks, per axis, one digit of i in a mixed radix: no intermediate lists of partial items.
  return Array.from({ length: size }, (_, i) => {
    const set: InputSet = {};
    let stride = size;
    for (const [name, values] of axes) {
      stride /= values.length;
      set[name] = values[Math.floor(i / stride) % values.length];
    }
    return set;
  });
}

/** Pasted batch text is a JSON array when it starts with `[`, else CSV. */
export const isCsvBatch = (text: string) => !text.trim().startsWith('[');

/**
 * Parses pasted rows: a JSON array of objects (values keep their JSON types), or CSV with a header row naming the
 * inputs (RFC 4180 by papaparse: quoted fields may hold commas, quotes and line breaks). CSV values stay strings;
 * `coerceCsvRow` turns them into what each input's schema takes.
 */
export function parseBatchRows(text: string, limit = MAX_BATCH_ROWS): InputSet[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (!isCsvBatch(trimmed)) {
    const rows = JSON.parse(trimmed) as unknown;
    if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))
      throw new Error('JSON batch must be an array of objects');
    if (rows.length > limit) throw new Error(`the batch has ${rows.length} rows; the limit is ${limit}`);
    return rows as InputSet[];
  }
  // No `preview` cut-off: it counts skipped blank lines as rows. The text itself is capped (BatchBody), so this is linear.
  const parsed = Papa.parse<string[]>(trimmed, { delimiter: ',', skipEmptyLines: 'greedy' });
  const error = parsed.errors[0];
  if (error) throw new Error(`CSV row ${(error.row ?? 0) + 1}: ${error.message}`);
  const [header = [], ...lines] = parsed.data;
  if (lines.length > limit) throw new Error(`the batch has ${lines.length} rows; the limit is ${limit}`);
  const names = header.map((n) => n.trim());
  const blank = names.indexOf('');
  if (blank >= 0) throw new Error(`CSV header column ${blank + 1} has no input name`);
  return lines.map((cells, row) => {
    if (cells.length !== names.length)
      throw new Error(`CSV row ${row + 2} has ${cells.length} cells, the header has ${names.length}`);
    return Object.fromEntries(names.map((n, i) => [n, cells[i].trim()]));
  });
}

/**
 * A CSV row's text cells as each input's schema wants them: kept as text when the schema takes text ("1984" stays a
 * title for a text input), else a number or true/false when that is what it takes (a seed). An empty cell leaves the
 * input out, so the template's own value is used. Unknown names pass through (the template refuses them by name).
 */
export function coerceCsvRow(row: InputSet, schemaOf: (name: string) => z.ZodType | undefined): InputSet {
  const out: InputSet = {};
  for (const [name, cell] of Object.entries(row)) {
    const schema = schemaOf(name);
    if (typeof cell !== 'string' || !schema) out[name] = cell;
    else if (cell === '') continue;
    else if (schema.safeParse(cell).success) out[name] = cell;
    else if (Number.isFinite(Number(cell)) && schema.safeParse(Number(cell)).success) out[name] = Number(cell);
    else if (/^(true|false)$/i.test(cell) && schema.safeParse(cell.toLowerCase() === 'true').success)
      out[name] = cell.toLowerCase() === 'true';
    else out[name] = cell;
  }
  return out;
}
