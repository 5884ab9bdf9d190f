import type { z } from 'zod';
import type { NodeDef } from './define-node.ts';
import type { Graph, indexEdgesByPort } from './graph.ts';
import { issueWords } from './issue-words.ts';
import { maxConnections } from './ports.ts';
import type { Problem } from './problem.ts';
import { getNodeDef } from './registry.ts';

type Shape = Pick<Graph, 'nodes' | 'edges'>;

/** Parses a node's params with its entry (defaults applied), or reports each bad field. */
export function parseParams(def: NodeDef, params: unknown, nodeId?: string) {
  const parsed = def.params.safeParse(params ?? {});
  if (parsed.success) return { params: parsed.data as Record<string, unknown>, problems: [] as Problem[] };
  return { params: undefined, problems: zodProblems(parsed.error, nodeId, def) };
}

function zodProblems(error: z.ZodError, nodeId: string | undefined, def: NodeDef): Problem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || undefined;
    return { code: 'invalid-param', nodeId, field, message: `${def.title}: ${issueWords(issue, def.params)}` };
  });
}

/** What is wrong with one node: its type, its params, and how its input ports are fed. */
export function checkNode(
  into: ReturnType<typeof indexEdgesByPort>,
  n: Shape['nodes'][number],
  byId: Map<string, Shape['nodes'][number]>,
): Problem[] {
  const def = getNodeDef(n.type);
  if (!def) return [{ code: 'unknown-type', nodeId: n.id, message: `Node "${n.id}" has unknown type "${n.type}"` }];
  // Notes and groups never run; a bypassed node does not either (its wires are still checked, as edges).
  if (def.annotation || n.data?.bypass) return [];
  const { params, problems } = parseParams(def, n.data?.params, n.id);
  // When another field is bad the parse gives no params; what was typed in is still there and still counts.
  const given = params ?? ((n.data?.params ?? {}) as Record<string, unknown>);
  const counts: Record<string, number> = {};
  for (const port of def.inputs) {
    const count = into(n.id, port.name).length;
    counts[port.name] = count;
    const where = { nodeId: n.id, port: port.name };
    const value = port.param ? given[port.param] : undefined;
    const typed = typeof value === 'string' && value !== '';
    // A typed-in value that is itself wrong is reported once, as that field's problem, not also as missing.
    const reported = port.param !== undefined && problems.some((p) => p.field === port.param);
    if (typed && port.param && count === 0 && !reported) problems.push(...typedProblems(def, port.param, value, n.id));
    // A connected value known before running (a Prompt node's text) must fit the field just the same.
    if (port.param && count > 0)
      for (const e of into(n.id, port.name)) {
        const known = staticOutput(byId, e);
        if (known)
          problems.push(
            ...typedProblems(def, port.param, known, n.id, e.source).map((p) => ({ ...p, port: port.name })),
          );
      }
    if (port.required && count === 0 && !typed && !reported)
      problems.push({
        code: 'missing-input',
        ...where,
        field: port.param,
        message: `${def.title} "${n.id}": connect ${port.label}${port.param ? ' or type it in' : ''}`,
      });
    else if (count > maxConnections(port))
      problems.push({
        code: 'too-many-edges',
        ...where,
        message: `${def.title} "${n.id}": ${port.label} takes at most ${maxConnections(port)}, but ${count} are connected`,
      });
    else if (port.list && count > 0 && count < port.list.min)
      problems.push({
        code: 'too-few-edges',
        ...where,
        message: `${def.title} "${n.id}": ${port.label} needs ${port.list.min}–${port.list.max}, but ${count} are connected`,
      });
  }
  if (params && def.check)
    for (const p of def.check(params, counts))
      problems.push({ ...p, nodeId: n.id, message: `${def.title} "${n.id}": ${p.message}` });
  return problems;
}

/**
 * A typed-in value fills a fal field, so it must be what fal takes there (e.g. the prompt's length cap). The editable
 * param is a plain string (it may also come from an edge), so the fal field's own schema is asked.
 */
function typedProblems(def: NodeDef, param: string, value: string, nodeId: string, from?: string): Problem[] {
  const field = def.falInput?.shape[param] as z.ZodType | undefined;
  const parsed = field?.safeParse(value);
  if (!parsed || parsed.success) return [];
  const source = from ? ` (from "${from}")` : '';
  return parsed.error.issues.map((issue) => ({
    code: 'invalid-param',
    nodeId,
    field: param,
    message: `${def.title}: ${issueWords({ ...issue, path: [param, ...issue.path] }, def.params)}${source}`,
  }));
}

/** What a pure source (no inputs, `emit`) gives on an edge, known without running; undefined for anything else. */
function staticOutput(byId: Map<string, Shape['nodes'][number]>, e: Shape['edges'][number]): string | undefined {
  const source = byId.get(e.source);
  const def = source && getNodeDef(source.type);
  if (!source || !def?.emit || def.inputs.length > 0) return undefined;
  const parsed = def.params.safeParse(source.data?.params ?? {});
  const out = parsed.success ? def.emit(parsed.data as Record<string, unknown>, {})[e.sourceHandle] : undefined;
  return typeof out === 'string' ? out : undefined;
}
