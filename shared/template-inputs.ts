import { z } from 'zod';
import type { Graph } from './graph.ts';
import { getNodeDef } from './registry.ts';

/**
 * Template inputs (issue 6): a graph's `inputs` expose node params under names. The template's input schema is
 * derived from the graph — each input takes its param's own schema, and the value in the graph is its default.
 */

export interface TemplateInputField {
  name: string;
  label: string;
  node: string;
  param: string;
  /** JSON schema of the param (for forms), with the graph's value as `default`. */
  schema: Record<string, unknown>;
  default: unknown;
}

function paramSchema(graph: Pick<Graph, 'nodes'>, nodeId: string, param: string) {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const def = node && getNodeDef(node.type);
  const schema = def?.params.shape[param] as z.ZodType | undefined;
  return { node, def, schema };
}

/** The exposed inputs with their schema and default; problems name the input that points nowhere. */
export function templateInputs(graph: Graph): { fields: TemplateInputField[]; problems: string[] } {
  const fields: TemplateInputField[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const input of graph.inputs) {
    if (seen.has(input.name)) problems.push(`input "${input.name}" is exposed twice`);
    seen.add(input.name);
    const { node, def, schema } = paramSchema(graph, input.node, input.param);
    if (!node) problems.push(`input "${input.name}" points to missing node "${input.node}"`);
    else if (!schema) problems.push(`input "${input.name}": ${def?.title ?? node.type} "${input.node}" has no param "${input.param}"`);
    if (!node || !schema) continue;
    const value = node.data.params[input.param];
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    const meta = (json.title as string | undefined) ?? input.param;
    fields.push({ name: input.name, label: input.label ?? meta, node: input.node, param: input.param, schema: json, default: value ?? json.default });
  }
  return { fields, problems };
}

/** A zod object validating `{ [input name]: value }` for a template; missing inputs take the graph's value. */
export function templateInputSchema(graph: Graph): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const input of graph.inputs) {
    const { schema } = paramSchema(graph, input.node, input.param);
    if (schema) shape[input.name] = schema.optional();
  }
  return z.strictObject(shape);
}

/**
 * A copy of the graph with input values written into their params. Errors name the input, e.g.
 * `inputs.prompt: expected string`. Unknown input names are refused rather than ignored (a typo would run silently).
 */
export function applyTemplateInputs(
  graph: Graph,
  values: Record<string, unknown>,
): { graph: Graph; errors: { input: string; message: string }[] } {
  const parsed = templateInputSchema(graph).safeParse(values);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => {
      const name = i.code === 'unrecognized_keys' ? i.keys.join(', ') : String(i.path[0] ?? '');
      const message = i.code === 'unrecognized_keys' ? `no such input (known: ${graph.inputs.map((x) => x.name).join(', ') || 'none'})` : i.message;
      return { input: name, message };
    });
    return { graph, errors };
  }
  const copy = structuredClone(graph);
  for (const input of graph.inputs) {
    // Only inputs actually given: an optional schema with a default would otherwise fill in its default.
    if (values[input.name] === undefined) continue;
    const value = (parsed.data as Record<string, unknown>)[input.name];
    const node = copy.nodes.find((n) => n.id === input.node);
    if (node) node.data.params = { ...node.data.params, [input.param]: value };
  }
  return { graph: copy, errors: [] };
}
