import type { NodeTypes } from '@xyflow/react';
import { NODE_DEFS } from '../../shared/registry.ts';
import { PipelineNode } from './PipelineNode.tsx';

/** Built once at module scope (React Flow re-mounts every node when this object changes): every type, one component. */
export const nodeTypes: NodeTypes = Object.fromEntries(NODE_DEFS.map((d) => [d.type, PipelineNode]));
