/** Kinds of problem, so tests and the UI can tell them apart. */
export type ProblemCode =
  | 'duplicate-id'
  | 'unknown-type'
  | 'invalid-param'
  | 'missing-input'
  | 'kind-mismatch'
  | 'too-many-edges'
  | 'too-few-edges'
  | 'cycle'
  | 'missing-node'
  | 'missing-handle'
  | 'transitions-count'
  | 'duration-total'
  | 'invalid-input';

/** One thing wrong with a graph, named so a designer can find it. */
export interface Problem {
  code: ProblemCode | string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  port?: string;
  field?: string;
  /** The nodes of a cycle, in order. */
  nodes?: string[];
}
