import type { NodeTypes } from '@xyflow/react';
import type { ComponentType } from 'react';
import { NODE_DEFS } from '../../shared/registry.ts';
import { GroupNode } from './GroupNode.tsx';
import { NoteNode } from './NoteNode.tsx';
import { PipelineNode } from './PipelineNode.tsx';
import { RerouteNode } from './RerouteNode.tsx';

/** Canvas items drawn their own way (shared/nodes/annotations.ts); every other type is a PipelineNode. */
// biome-ignore lint/suspicious/noExplicitAny: React Flow's NodeTypes holds components of any node data
const OWN_VIEWS: Record<string, ComponentType<any>> = { group: GroupNode, note: NoteNode, reroute: RerouteNode };

/** Built once at module scope (React Flow re-mounts every node when this object changes): every type, one component. */
export const nodeTypes: NodeTypes = Object.fromEntries(
  NODE_DEFS.map((d) => [d.type, OWN_VIEWS[d.type] ?? PipelineNode]),
);
