import type { NodeDef } from '../../shared/define-node.ts';

/** Search over title, type, category and description; every word must match somewhere. Title hits rank first. */
export function matchDefs(defs: readonly NodeDef[], query: string): NodeDef[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...defs];
  const hay = (d: NodeDef) => `${d.title} ${d.type} ${d.category} ${d.description}`.toLowerCase();
  return defs
    .filter((d) => words.every((w) => hay(d).includes(w)))
    .sort(
      (a, b) => Number(!a.title.toLowerCase().includes(words[0])) - Number(!b.title.toLowerCase().includes(words[0])),
    );
}
