import type { NodeDef } from './define-node.ts';
import { annotationNodes } from './nodes/annotations.ts';
import { mediaNodes } from './nodes/media.ts';
import { pikaComposeNodes } from './nodes/pika-compose.ts';
import { pikaEditNodes } from './nodes/pika-edit.ts';
import { pikaGenerateNodes } from './nodes/pika-generate.ts';
import { sourceNodes } from './nodes/sources.ts';

/** Every node type. Adding one means adding an entry to one of these lists; everything else derives from it. */
export const NODE_DEFS: readonly NodeDef[] = [
  ...sourceNodes,
  ...pikaGenerateNodes,
  ...pikaComposeNodes,
  ...pikaEditNodes,
  ...mediaNodes,
  ...annotationNodes,
];

const byType = new Map(NODE_DEFS.map((d) => [d.type, d]));

export function getNodeDef(type: string): NodeDef | undefined {
  return byType.get(type);
}

/**
 * The versions of `def`'s operation, oldest first (registry order), `def` among them; just `def` for a node type with
 * one version. The node header's picker switches among these.
 */
export function variantsOf(def: NodeDef): NodeDef[] {
  return def.operation ? NODE_DEFS.filter((d) => d.operation === def.operation) : [def];
}

/** The version a new node of this operation starts as: the newest. */
export function defaultVariant(def: NodeDef): NodeDef {
  return variantsOf(def).at(-1) ?? def;
}

/** What the operation is called whatever its version ('Image → Video'); the type's own title for a single version. */
export function operationTitle(def: NodeDef): string {
  return def.operationTitle ?? def.title;
}

/** The fal input schema per endpoint id (the local engine validates bodies with it). First entry wins. */
const byEndpoint = new Map<string, NodeDef>();
for (const def of NODE_DEFS) if (def.endpoint && !byEndpoint.has(def.endpoint)) byEndpoint.set(def.endpoint, def);

/** All node types calling `endpoint` (collection-to-video and pikascenes share one id with two body shapes). */
export function defsForEndpoint(endpoint: string): NodeDef[] {
  return NODE_DEFS.filter((d) => d.endpoint === endpoint);
}

export function endpointIds(): string[] {
  return [...byEndpoint.keys()];
}

/** Params of a new node: schema defaults plus the entry's example. */
export function initialParams(def: NodeDef): Record<string, unknown> {
  return def.params.parse(def.example ?? {}) as Record<string, unknown>;
}

export const CATEGORIES = ['Sources', 'Generate', 'Animate', 'Compose', 'Edit', 'Media', 'Output', 'Canvas'] as const;
