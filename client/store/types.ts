import type { Edge, Node } from '@xyflow/react';
import type { NodeRunState } from '../../shared/api.ts';
import type { RunStatus } from '../../shared/events.ts';
import type { ExposedInput } from '../../shared/graph.ts';

/** What a canvas node carries: exactly the graph format's `data` (params + optional label). */
export type NodeData = { params: Record<string, unknown>; label?: string };
export type FlowNode = Node<NodeData>;
/** `order` positions an edge inside an ordered list port (keyframes). */
export type FlowEdge = Edge<{ order?: number }>;

/** The undoable part of the editor: the document itself, never selection or run state. */
export interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Template inputs: node params exposed under a name (part of the document, so exposing one is undoable). */
  inputs: ExposedInput[];
}

/** One node as the current run sees it; `startedAtMs` drives the elapsed-time counter. */
export type NodeRunView = NodeRunState & { startedAtMs?: number };

export interface RunView {
  id: string;
  status: RunStatus;
  nodes: Record<string, NodeRunView>;
  cost: number;
  /** Highest event seq applied, so replayed events after a reconnect are ignored. */
  lastSeq: number;
  message?: string;
}

/** Which saved template the canvas is (absent id: never saved). */
export interface TemplateRef {
  id?: string;
  name: string;
  version?: number;
}

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  message: string;
  /** Display time; absent: by kind. */
  ms?: number;
}
