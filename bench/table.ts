/** One measured number of a benchmark, printed as a row of `npm run bench`'s table. */
export interface BenchRow {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** What the number is compared with (ideal or baseline measured in the same run). */
  note?: string;
}

export function printTable(rows: BenchRow[]): void {
  const cells = rows.map((r) => [r.bench, r.metric, formatValue(r.value, r.unit), r.unit, r.note ?? '']);
  const header = ['bench', 'metric', 'value', 'unit', 'compared with'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    `| ${c.map((v, i) => (i === 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

function formatValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return String(v);
  // Ratios near 1 are judged against goals such as 1.02 or 1.05: two decimals would round a miss into a pass.
  if (unit === '×' && Math.abs(v) < 10) return v.toFixed(3);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

/** Median of repeated timings, to damp the noise of a shared machine. */
export async function medianMs(times: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
