import type { NodeDef } from '../../shared/define-node.ts';

const hay = (d: NodeDef) =>
  `${d.title} ${d.operationTitle ?? ''} ${d.variant ?? ''} ${d.type} ${d.category} ${d.description}`.toLowerCase();

/**
 * Search over title, version, type, category and description; every word must match somewhere. One entry per
 * operation (issue 13): its newest version that matches, so an empty search offers Image → Video 2.2 while "turbo" or
 * "2.1" offers that version of it. Title hits rank first.
 */
export function matchDefs(defs: readonly NodeDef[], query: string): NodeDef[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = defs.filter((d) => words.every((w) => hay(d).includes(w)));
  return onePerOperation(hits).sort(
    (a, b) =>
      Number(!a.title.toLowerCase().includes(words[0] ?? '')) - Number(!b.title.toLowerCase().includes(words[0] ?? '')),
  );
}

/** Each operation once, where its first version stood, as the last (newest) of its versions in `defs`. */
function onePerOperation(defs: NodeDef[]): NodeDef[] {
  const newest = new Map<string, NodeDef>();
  for (const d of defs) if (d.operation) newest.set(d.operation, d);
  const out: NodeDef[] = [];
  for (const d of defs) {
    if (!d.operation) out.push(d);
    else if (newest.has(d.operation)) {
      out.push(newest.get(d.operation)!);
      newest.delete(d.operation);
    }
  }
  return out;
}
