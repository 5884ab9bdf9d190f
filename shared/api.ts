import { z } from 'zod';
import type { NodeOutputs } from './define-node.ts';
import type { FailureKind, NodeState, RunStatus } from './events.ts';
import { GraphSchema, type Graph } from './graph.ts';
import type { Problem } from './validate.ts';

/** Request and response shapes of the HTTP API, shared by the server, the client and the CLI. */

export const SaveGraphBody = z.object({
  name: z.string().trim().min(1, 'Give the template a name').max(200),
  graph: GraphSchema,
  /** The version this save was based on; a stale one is refused with 409 (absent when creating). */
  baseVersion: z.number().int().min(1).optional(),
});

export const StartRunBody = z
  .object({
    /** Run a stored graph … */
    graphId: z.string().optional(),
    /** … or a posted graph document. */
    graph: GraphSchema.optional(),
    /** Run only what these nodes need ("run up to this node"). */
    only: z.array(z.string()).optional(),
    /** Force these nodes (and what depends on them) to generate anew. */
    reroll: z.array(z.string()).optional(),
    /** Template input values, by exposed input name. */
    inputs: z.record(z.string(), z.unknown()).optional(),
    /** POSTed with the outputs when the run ends (retried). */
    webhook: z.url().optional(),
    /** Refuse the run when its estimate exceeds this many USD. */
    budget: z.number().min(0).optional(),
  })
  .refine((b) => b.graphId || b.graph, { message: 'Give either graphId or graph', path: ['graph'] });

export const EstimateBody = z.object({ graph: GraphSchema, only: z.array(z.string()).optional() });

export interface GraphSummary {
  id: string;
  name: string;
  version: number;
  updatedAt: string;
  nodeCount: number;
  /** URL of a recent output video/image, for the template list. */
  preview?: string;
}
export interface StoredGraph extends GraphSummary {
  graph: Graph;
}

export interface NodeRunState {
  state: NodeState;
  /** Output values as the client should use them: our kept copies (`/media/…`) for files. */
  outputs?: NodeOutputs;
  /** The same outputs as fal returned them (fal URLs; they may expire). */
  originalOutputs?: NodeOutputs;
  error?: { kind: FailureKind; message: string; field?: string };
  cost?: number;
  requestId?: string;
  endpoint?: string;
  attempt?: number;
  fingerprint?: string;
  startedAt?: string;
  endedAt?: string;
  /** Latest log line. */
  log?: string;
  /** Queue position while queued. */
  position?: number;
}

export interface RunSummary {
  id: string;
  graphId?: string;
  status: RunStatus;
  createdAt: string;
  endedAt?: string;
  cost: number;
  /** Output node values: output node id → value. */
  outputs: Record<string, string>;
}
export interface RunDetail extends RunSummary {
  graph: Graph;
  nodes: Record<string, NodeRunState>;
}

/** Body of every 4xx: a one-line message and, for graphs, every problem with its node/port/field. */
export interface ApiErrorBody {
  error: string;
  problems?: Problem[];
}

export interface EstimateResponse {
  total: number;
  perNode: Record<string, number>;
  cached: string[];
  includesGuesses: boolean;
}

export interface ServerConfig {
  /** True when runs go to the built-in local fal engine (previews, no cost). */
  localEngine: boolean;
  version: string;
}
