import type { NodeRunState } from '../../shared/api.ts';
import type { EngineKind } from '../../shared/events.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { costWords, ENGINE_TAG, usd } from '../run/engine-words.ts';
import type { FlowEdge, FlowNode } from '../store/types.ts';

/** What the full-size player says about a result: where it came from and what it cost. */
export interface PlayerFacts {
  title: string;
  /** The node that made it, when that is another node (an Output node shows its source's result). */
  madeBy?: string;
  prompt?: string;
  seed: string;
  cost: string;
  engine: string;
  endpoint?: string;
  requestId?: string;
}

interface Graph {
  nodes: FlowNode[];
  edges: FlowEdge[];
  run: { engine: EngineKind; nodes: Record<string, NodeRunState> } | null;
}

const titleOf = (n: FlowNode) => n.data.label || getNodeDef(n.type ?? '')?.title || n.type || n.id;

/**
 * Facts for the result shown on `nodeId`. A node that only passes a result on (an Output node) shows its maker's
 * facts: the upstream node that holds a fal request, followed along the first wire in (a few steps at most).
 */
export function playerFacts(g: Graph, nodeId: string): PlayerFacts {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const node = byId.get(nodeId);
  let maker = node;
  for (let hops = 0; maker && !g.run?.nodes[maker.id]?.requestId && !hasPrompt(maker) && hops < 8; hops++) {
    const into = g.edges.find((e) => e.target === maker?.id);
    maker = into ? byId.get(into.source) : undefined;
  }
  maker ??= node;
  const run = maker ? g.run?.nodes[maker.id] : undefined;
  const engine = g.run?.engine ?? 'fal';
  const seed = maker?.data.params.seed;
  return {
    title: node ? titleOf(node) : 'Result',
    madeBy: maker && maker !== node ? titleOf(maker) : undefined,
    prompt: maker ? promptOf(g, byId, maker) : undefined,
    seed: seed === undefined || seed === '' || seed === null ? 'Random (a new one each run)' : String(seed),
    cost: costOf(engine, run),
    engine: ENGINE_TAG[engine],
    endpoint: run?.endpoint ?? (maker && getNodeDef(maker.type ?? '')?.endpoint),
    requestId: run?.requestId,
  };
}

function hasPrompt(n: FlowNode): boolean {
  return !!getNodeDef(n.type ?? '')?.inputs.some((p) => p.param === 'prompt') || 'prompt' in n.data.params;
}

/** The prompt as the run used it: the wired-in text (a Prompt node's value) wins over the typed param. */
function promptOf(g: Graph, byId: Map<string, FlowNode>, maker: FlowNode): string | undefined {
  const port = getNodeDef(maker.type ?? '')?.inputs.find((p) => p.param === 'prompt');
  const wire = port && g.edges.find((e) => e.target === maker.id && e.targetHandle === port.name);
  const source = wire && byId.get(wire.source);
  if (source) {
    const made = g.run?.nodes[source.id]?.outputs?.[wire.sourceHandle ?? ''];
    if (typeof made === 'string' && made) return made;
    const typed = source.data.params.text ?? source.data.params.prompt;
    if (typeof typed === 'string' && typed) return typed;
  }
  const own = maker.data.params.prompt;
  return typeof own === 'string' && own ? own : undefined;
}

function costOf(engine: EngineKind, run?: NodeRunState): string {
  if (!run) return 'Not run yet';
  if (run.state === 'cached') return 'Nothing this run (a cached result)';
  if (engine === 'local') return costWords('local', 0, run.estimate);
  return usd(run.cost ?? 0);
}
