import { getNodeDef } from '../../shared/registry.ts';
import type { Problem } from '../../shared/validate.ts';
import type { FlowNode } from '../store/types.ts';

/** What the designer calls a node: its label, else its type's title. */
export function nodeName(node: FlowNode): string {
  return node.data.label || getNodeDef(node.type ?? '')?.title || node.id;
}

/**
 * Server messages name nodes by id in quotes (`1 node failed: "pika-pikaswaps-tk4zj"`, `"i2v" did not finish`); the
 * designer knows them by name, so each quoted id of a node on the canvas becomes that node's name.
 */
export function nameNodes(text: string, nodes: FlowNode[]): string {
  return text.replace(/"([^"]+)"/g, (whole, id: string) => {
    const node = nodes.find((n) => n.id === id);
    return node ? `“${nodeName(node)}”` : whole;
  });
}

/**
 * A validation problem as the editor shows it: led by the node's name as the canvas shows it (its label, else its
 * title), never its id. Shared messages start `Title "id": …` or `Title: …` (the server has no labels); that lead is
 * replaced, and any other quoted id (the source of a wrong wire, a loop's members) becomes a name too.
 */
export function problemText(p: Problem, nodes: FlowNode[]): string {
  const node = p.nodeId ? nodes.find((n) => n.id === p.nodeId) : undefined;
  if (!node) return nameNodes(p.message, nodes);
  const title = getNodeDef(node.type ?? '')?.title;
  let text = p.message;
  for (const lead of [`${title} "${node.id}": `, `${title} "${node.id}" `, `${title}: `])
    if (title && text.startsWith(lead)) {
      text = `${nodeName(node)}${lead.endsWith(': ') ? ': ' : ' '}${text.slice(lead.length)}`;
      break;
    }
  return nameNodes(text, nodes);
}

/** The part after the node's name ("cross-fade can be at most 3 s"), capitalised, for under the field itself. */
export function problemDetail(text: string, node: FlowNode): string {
  const lead = `${nodeName(node)}: `;
  const rest = text.startsWith(lead) ? text.slice(lead.length) : text;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
