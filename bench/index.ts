import { printTable, type BenchRow } from './table.ts';

/**
 * `npm run bench`: runs every benchmark module and prints one table. Each module exports `run(): Promise<BenchRow[]>`;
 * `npm run bench -- graph` runs only modules whose name contains "graph".
 */
const modules: Record<string, () => Promise<{ run: () => Promise<BenchRow[]>; lastLine?: string }>> = {
  'graph-scale': () => import('./graph-scale.ts'),
  'engine-overhead': () => import('./engine-overhead.ts'),
  latency: () => import('./latency.ts'),
  cache: () => import('./cache.ts'),
  publish: () => import('./publish.ts'),
  'concurrent-runs': () => import('./concurrent-runs.ts'),
  editor: () => import('./editor.ts'),
  store: () => import('./store.ts'),
  team: () => import('./team.ts'),
};

const filter = process.argv[2];
const rows: BenchRow[] = [];
/** A module's summary line (e.g. team's speedups), printed after the table so it is the very last line. */
const lastLines: string[] = [];
for (const [name, load] of Object.entries(modules)) {
  if (filter && !name.includes(filter)) continue;
  process.stderr.write(`bench: ${name} …\n`);
  try {
    const mod = await load();
    rows.push(...(await mod.run()));
    if (mod.lastLine) lastLines.push(mod.lastLine);
  } catch (err) {
    rows.push({ bench: name, metric: `failed: ${(err as Error).message.slice(0, 80)}`, value: NaN, unit: '' });
  }
}
console.log(
  `\npikaflow benchmarks — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`,
);
printTable(rows);
for (const line of lastLines) console.log(line);
process.exit(0);
