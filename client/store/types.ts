import type { Edge, Node } from '@xyflow/react';
import type { NodeRunState } from '../../shared/api.ts';
import type { ExposedInput } from '../../shared/graph.ts';
import type { RunState } from '../../shared/run-state.ts';

/** What a canvas node carries: exactly the graph format's `data` (params + optional label). */
export type NodeData = {
  params: Record<string, unknown>;
  label?: string;
  /** Bypassed: the run hands its inputs on (or skips it and its branch); see shared/bypass.ts. */
  bypass?: boolean;
  /** Params a version switch put aside (see switch-variant.ts). */
  aside?: Record<string, unknown>;
  /** Takes of a generation node and the one that feeds downstream (shared/takes.ts). */
  takes?: number;
  pick?: number;
};
export type FlowNode = Node<NodeData>;
/** `order` positions an edge inside an ordered list port (keyframes). */
export type FlowEdge = Edge<{ order?: number }>;

/** The document's content, as a graph file holds it (the clipboard holds a piece of one). */
export interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Template inputs: node params exposed under a name (part of the document, so exposing one is undoable). */
  inputs: ExposedInput[];
}

/**
 * One undo step: the document and which template it is. Undoing a load must bring back the previous graph's name and
 * template link too, or a Save after it files that graph under the loaded one's name.
 */
export interface UndoStep extends Snapshot {
  template: TemplateRef;
}

/** One node as the current run sees it (its ISO `startedAt` drives the elapsed-time counter). */
export type NodeRunView = NodeRunState;

/** A run as the editor shows it: exactly the shared reducer's state, never a second shape of its own. */
export type RunView = RunState;

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
  /** The node (and field) the message is about: clicking the toast takes the designer there. */
  target?: { nodeId: string; field?: string };
}
