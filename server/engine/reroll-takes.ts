import type { EngineKind } from '../../shared/events.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import type { Graph } from '../../shared/graph.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { canTake, MAX_TAKES, pickOf, takesOf, type TakeSet, withTakes } from '../../shared/takes.ts';
import { topologicalOrder } from '../../shared/topo.ts';
import type { CacheStore } from '../store/cache-store.ts';

/** A re-rolled node's new take: its index (from 0) and the seed it runs with. */
export interface RerollTake {
  nodeId: string;
  take: number;
  seed: number | undefined;
}

const titleOf = (node: Graph['nodes'][number]) => node.data.label ?? getNodeDef(node.type)?.title ?? node.type;

/**
 * A re-roll of a generation node is one take more, picked (as the editor's Re-roll does): its seed is deterministic,
 * so the result is cached under a fingerprint a later run reaches again (the same takes, or the node with that seed),
 * and nothing paid is lost. The new take is the first one the cache does not have: a graph file re-rolled twice from
 * the CLI (which never saves the takes back) gets a new video each time, not the take the first re-roll made.
 * `salts`: the re-rolled nodes that cannot take (they change what lies downstream, so the seeds too).
 * Returns the graph with the new takes and picks. Throws `refuse(message, nodeId)` at MAX_TAKES.
 */
export function rerollAsTakes(
  graph: Graph,
  ids: string[],
  salts: Record<string, string>,
  o: { cache: CacheStore; engine: EngineKind; refuse: (message: string, nodeId: string) => Error },
): Graph {
  const asked = new Set(ids);
  // Upstream first: a node's takes depend on the pick of every re-rolled node before it.
  for (const id of topologicalOrder(graph).order) {
    const node = graph.nodes.find((n) => n.id === id)!;
    if (!asked.has(id) || !canTake(getNodeDef(node.type))) continue;
    // Every take the node could have: their seeds and fingerprints depend on neither how many it has nor the pick.
    const all = takeSet(withNode(graph, id, withTakes(node.data, { takes: MAX_TAKES })), id, salts, o.engine);
    let take = takesOf(node);
    while (take < MAX_TAKES && o.cache.has(all.prints[take])) take++;
    if (take >= MAX_TAKES)
      throw o.refuse(
        // A graph file re-rolled from the CLI still says 1 take: its takes are in the cache, made with these settings.
        `${titleOf(node)} has ${MAX_TAKES} takes already${takesOf(node) < MAX_TAKES ? ' with these settings' : ''}, ` +
          "the most one node makes: keep the one you want (set the node's seed to that take's seed) or change " +
          'its settings, then re-roll again',
        id,
      );
    graph = withNode(graph, id, withTakes(node.data, { takes: take + 1, pick: take }));
  }
  return graph;
}

/**
 * The picked take of each re-rolled node that can take, with its seed, in a run's stored graph (for the CLI to say
 * how to keep it). `salts`: the run's own, so a seed derived from what lies upstream comes out as the run's.
 */
export function pickedTakes(
  graph: Graph,
  ids: string[],
  engine: EngineKind,
  salts: Record<string, string> = {},
): RerollTake[] {
  const sets = new Map<string, TakeSet>();
  graphFingerprints(graph, salts, engine, sets);
  return [...new Set(ids)].flatMap((id) => {
    const node = graph.nodes.find((n) => n.id === id);
    const set = sets.get(id);
    if (!node || !set) return [];
    const take = pickOf(node);
    return [{ nodeId: id, take, seed: set.seeds[take] }];
  });
}

const withNode = (graph: Graph, id: string, data: Graph['nodes'][number]['data']): Graph => ({
  ...graph,
  nodes: graph.nodes.map((n) => (n.id === id ? { ...n, data } : n)),
});

function takeSet(graph: Graph, id: string, salts: Record<string, string>, engine: EngineKind): TakeSet {
  const sets = new Map<string, TakeSet>();
  graphFingerprints(graph, salts, engine, sets);
  return sets.get(id)!;
}
