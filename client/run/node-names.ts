import { getNodeDef } from '../../shared/registry.ts';
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
