import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { estimateCost } from '../../shared/cost.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import type { EngineKind } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import { getNodeDef } from '../../shared/registry.ts';
import { canTake, type TakeSet } from '../../shared/takes.ts';
import { applyTemplateInputs } from '../../shared/template-inputs.ts';
import { upstreamOf } from '../../shared/topo.ts';
import { validateGraph, type Problem } from '../../shared/validate.ts';
import { isBlockedAddress } from '../net/address-policy.ts';
import type { CacheStore } from '../store/cache-store.ts';
import { rerollAsTakes } from './reroll-takes.ts';

/** A request the engine refuses before anything runs; the API answers 400 with the problems. */
export class RunRequestError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export interface RunRequest {
  graph: Graph;
  graphId?: string;
  /** Run only what these nodes need. */
  only?: string[];
  /**
   * Force these nodes (and so their dependents) to generate anew: a generation node gets one take more, picked (kept
   * in the run's graph and the cache), any other node a salt.
   */
  reroll?: string[];
  /** Template input values by exposed input name. */
  inputs?: Record<string, unknown>;
  /** POSTed with the outputs when the run ends. */
  webhook?: string;
  /** Refuse when the estimate exceeds this many USD. */
  budget?: number;
  /** `local`: a free preview on the built-in engine even with a FAL_KEY set (shared/api.ts StartRunBody). */
  engine?: EngineKind;
  /** Nodes whose earlier submit had an unknown outcome that may be submitted again (may cost twice). */
  resubmit?: string[];
  /** Who asked (the signed-in person), recorded on the run. */
  createdBy?: string;
}

/** Template inputs write into the params of the node they expose (a copy; the stored template is untouched). */
export function applyInputs(graph: Graph, values: Record<string, unknown> = {}): Graph {
  if (!Object.keys(values).length) return graph;
  const { graph: applied, errors } = applyTemplateInputs(graph, values);
  if (!errors.length) return applied;
  const problems: Problem[] = errors.map((e) => ({
    code: 'invalid-input',
    field: `inputs.${e.input}`,
    message: `Input "${e.input}": ${e.message}`,
  }));
  throw new RunRequestError(problems[0].message, problems);
}

/** Nodes a run covers: everything, or what the `only` nodes need. Notes and groups never run. */
export function nodesInScope(graph: Graph, only?: string[]): Set<string> {
  const scope = only?.length ? upstreamOf(graph, only) : new Set(graph.nodes.map((n) => n.id));
  for (const n of graph.nodes) if (getNodeDef(n.type)?.annotation) scope.delete(n.id);
  return scope;
}

function checkIds(graph: Graph, ids: string[] | undefined, what: string): Problem[] {
  const known = new Set(graph.nodes.map((n) => n.id));
  return (ids ?? [])
    .filter((id) => !known.has(id))
    .map((id) => ({ code: 'missing-node', nodeId: id, message: `${what}: no node "${id}" in this graph` }));
}

/**
 * A run's webhook is refused when it is asked for, not silently skipped when the run ends: a loopback or private
 * address (the same policy as every fetch of a user's URL, `address-policy.ts`) or `localhost`. A name that only
 * resolves to a private address is still refused when connecting (`safePostJson` checks every resolved address).
 * `allowOrigins`: private origins the server was told to trust (tests).
 */
export function webhookProblems(url: string | undefined, allowOrigins: string[] = []): Problem[] {
  if (url === undefined) return [];
  const refuse = (why: string): Problem[] => [
    { code: 'invalid-webhook', field: 'webhook', message: `webhook: ${why}` },
  ];
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return refuse('not a URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return refuse(`only http(s) URLs can be called, not ${target.protocol}`);
  if (allowOrigins.includes(target.origin)) return [];
  const host = target.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const local = host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isBlockedAddress(host));
  return local
    ? refuse(`${target.host} is a loopback or private address; a webhook must be reachable at a public address`)
    : [];
}

/**
 * Validates a run request and returns the graph and options to store; throws RunRequestError when refused.
 * `webhookAllowOrigins`: private origins a webhook may still reach (the engine's `runWebhookAllowOrigins`).
 */
export function prepareRun(req: RunRequest, cache: CacheStore, policy: { webhookAllowOrigins?: string[] } = {}) {
  const hook = webhookProblems(req.webhook, policy.webhookAllowOrigins);
  if (hook.length) throw new RunRequestError(hook[0].message, hook);
  let graph = applyInputs(req.graph, req.inputs);
  const problems = [
    ...validateGraph(graph),
    ...checkIds(graph, req.only, 'Run up to'),
    ...checkIds(graph, req.reroll, 'Re-roll'),
    ...checkIds(graph, req.resubmit, 'Submit again'),
  ];
  if (problems.length) throw new RunRequestError(problems[0].message, problems);
  const engine = req.engine ?? 'fal';
  // A generation node re-rolls as one take more (reroll-takes.ts); anything else gets a salt: a new result, uncached.
  const salted = (req.reroll ?? []).filter((id) => !canTake(getNodeDef(graph.nodes.find((n) => n.id === id)!.type)));
  const salts = Object.fromEntries(salted.map((id) => [id, randomUUID()]));
  const refuse = (message: string, nodeId: string) =>
    new RunRequestError(message, [{ code: 'too-many-takes', nodeId, message }]);
  graph = rerollAsTakes(graph, req.reroll ?? [], salts, { cache, engine, refuse });
  const scope = nodesInScope(graph, req.only);
  // A preview spends nothing, so a budget only ever refuses paid runs.
  if (req.budget !== undefined && engine === 'fal') {
    const { total } = estimate(graph, req.only, cache, salts, engine);
    if (total > req.budget)
      throw new RunRequestError(
        `This run is estimated at $${total.toFixed(2)}, over the budget of $${req.budget.toFixed(2)}`,
      );
  }
  return {
    graph,
    scope,
    options: {
      only: req.only,
      salts,
      webhook: req.webhook,
      engine,
      ...(req.resubmit?.length ? { resubmit: req.resubmit } : {}),
    },
  };
}

/**
 * Cost of the nodes that will really run: out-of-scope and cached ones (fingerprint hit for this engine) cost nothing.
 * For a preview (`local`) the total is what the run would cost on fal; nothing is spent.
 */
export function estimate(
  graph: Graph,
  only: string[] | undefined,
  cache: CacheStore,
  salts: Record<string, string> = {},
  engine: EngineKind = 'fal',
) {
  const scope = nodesInScope(graph, only);
  const takes = new Map<string, TakeSet>();
  const prints = graphFingerprints(graph, salts, engine, takes);
  // A node with takes pays for the takes the cache does not have, and is cached when it has them all.
  const toRun = Object.fromEntries([...takes].map(([id, t]) => [id, t.prints.filter((p) => !cache.has(p)).length]));
  const cached = graph.nodes
    .filter((n) => scope.has(n.id) && getNodeDef(n.type)?.endpoint)
    .filter((n) => (takes.has(n.id) ? toRun[n.id] === 0 : cache.has(prints.get(n.id) ?? '')))
    .map((n) => n.id);
  const skip = new Set([...graph.nodes.filter((n) => !scope.has(n.id)).map((n) => n.id), ...cached]);
  return { ...estimateCost(graph, skip, toRun), cached, engine };
}
