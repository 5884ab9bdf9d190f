/**
 * Batches (issue 6): a template run over many input sets — a pasted list (CSV or JSON) or a parameter grid
 * (e.g. seeds × aspect ratios, the cartesian product).
 */

export type InputSet = Record<string, unknown>;

/** Cartesian product of the grid's value lists, first key varying slowest. */
export function expandGrid(grid: Record<string, unknown[]>): InputSet[] {
  let sets: InputSet[] = [{}];
  for (const [name, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) throw new Error(`grid "${name}" needs at least one value`);
    sets = sets.flatMap((set) => values.map((v) => ({ ...set, [name]: v })));
  }
  return sets;
}

/** Splits one CSV line, honouring double-quoted fields with "" escapes. */
function csvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') (cell += '"'), i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) cells.push(cell), (cell = '');
    else cell += c;
  }
  cells.push(cell);
  return cells.map((s) => s.trim());
}

/** Numbers stay numbers (seeds, durations); everything else is text. */
const cellValue = (s: string): unknown => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);

/** Parses pasted rows: a JSON array of objects, or CSV with a header row naming the inputs. */
export function parseBatchRows(text: string): InputSet[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('[')) {
    const rows = JSON.parse(trimmed) as unknown;
    if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))
      throw new Error('JSON batch must be an array of objects');
    return rows as InputSet[];
  }
  const [header, ...lines] = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
  const names = csvLine(header);
  return lines.map((line, row) => {
    const cells = csvLine(line);
    if (cells.length !== names.length) throw new Error(`CSV row ${row + 2} has ${cells.length} cells, the header has ${names.length}`);
    return Object.fromEntries(names.map((n, i) => [n, cellValue(cells[i])]));
  });
}
