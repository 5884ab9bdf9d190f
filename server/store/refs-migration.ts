import { isRemoteUrl, mediaRef } from '../../shared/media-ref.ts';
import type { Db } from './db.ts';

/**
 * Issue 10, for data folders from before media was content: graphs and template versions that still hold a URL we
 * kept a copy of (an upload's fal or local-engine URL, dead after a restart) are rewritten to the file's reference.
 * URLs we never fetched are left alone: the engine keeps them on first use.
 */
export function graphsToRefs(db: Db): void {
  const fileFor = db.prepare('SELECT file FROM media WHERE url = ?').pluck();
  const swap = (value: unknown): unknown => {
    if (isRemoteUrl(value)) {
      const file = fileFor.get(value) as string | undefined;
      return file ? mediaRef(file) : value;
    }
    if (Array.isArray(value)) return value.map(swap);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
    return value;
  };
  const rewrite = (json: string): string | undefined => {
    const graph = JSON.parse(json) as { nodes?: { data?: { params?: unknown } }[] };
    let changed = false;
    for (const node of graph.nodes ?? []) {
      if (!node.data?.params) continue;
      const next = swap(node.data.params);
      if (JSON.stringify(next) !== JSON.stringify(node.data.params)) (node.data.params = next), (changed = true);
    }
    return changed ? JSON.stringify(graph) : undefined;
  };
  for (const table of ['graphs', 'graph_versions']) {
    const rows = db.prepare(`SELECT rowid AS r, graph FROM ${table}`).all() as { r: number; graph: string }[];
    const update = db.prepare(`UPDATE ${table} SET graph = ? WHERE rowid = ?`);
    for (const row of rows) {
      const next = rewrite(row.graph);
      if (next) update.run(next, row.r);
    }
  }
}
