/**
 * Graph format versions and how an older document becomes the current one. Every place that reads a graph meets it:
 * `GraphSchema` upgrades on parse (API bodies, the CLI, imports, drafts, starters, provenance), and the stores upgrade
 * what they read back (templates and runs saved before a change are never rewritten on disk).
 *
 * History
 * - v1: one node type per Pika version (`pika-turbo-image-to-video`, `pika-22-image-to-video` …), picked when the node
 *   was added.
 * - v2 (issue 13): the same node types, now grouped as versions of one operation (`NodeDef.operation` / `variant`) and
 *   switched in place on the canvas. Nodes may carry new optional data: `aside` (params a version switch put aside),
 *   `takes` / `pick`, `bypass`. Nothing of v1 changed meaning, so a v1 document is a v2 document once its version says
 *   so: its validation, cost and fingerprints (hence its cache hits) are the same.
 */

export const GRAPH_VERSION = 2;
/** The oldest format still read. */
export const OLDEST_GRAPH_VERSION = 1;

/** A graph document at some version: only the version is known before the steps run. */
type AnyVersion = { version: number };
export type Upgraded<D extends AnyVersion> = Omit<D, 'version'> & { version: typeof GRAPH_VERSION };

/** Step from version N to N + 1, keyed by N. A later format change adds a step here and a test beside it. */
const STEPS: Record<number, (doc: AnyVersion) => AnyVersion> = {
  1: (doc) => ({ ...doc, version: 2 }),
};

/** Brings a document of any readable version to the current one (already current: returned as is). */
export function upgradeGraph<D extends AnyVersion>(doc: D): Upgraded<D> {
  let at: AnyVersion = doc;
  while (at.version < GRAPH_VERSION) {
    const step = STEPS[at.version];
    if (!step) throw new Error(`Graph format ${at.version} is older than this pikaflow reads`);
    at = step(at);
  }
  return at as Upgraded<D>;
}

/**
 * For JSON a store wrote itself and reads back without a full parse: an older graph is upgraded, anything else (a
 * current graph, a shape that is not a graph) is returned untouched.
 */
export function upgradeStoredGraph<T>(raw: T): T {
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version !== 'number' || version >= GRAPH_VERSION || version < OLDEST_GRAPH_VERSION) return raw;
  return upgradeGraph(raw as T & AnyVersion) as T;
}
