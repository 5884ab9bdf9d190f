import { z } from 'zod';
import type { NodeOutputs } from './define-node.ts';
import type { EngineKind, FailureKind, NodeState, RunStatus } from './events.ts';
import { GraphSchema, type Graph } from './graph.ts';
import type { Problem } from './validate.ts';

/** Request and response shapes of the HTTP API, shared by the server, the client and the CLI. */

export const SaveGraphBody = z.object({
  name: z.string().trim().min(1, 'Give the template a name').max(200),
  graph: GraphSchema,
  /** The version this save was based on; a stale one is refused with 409 (absent when creating). */
  baseVersion: z.number().int().min(1).optional(),
});

/** The most runs one first save takes along (the editor sends its newest ones). */
export const MAX_ADOPT_RUNS = 500;

/**
 * A new template may take over the runs the editor made of it while it was unsaved (they are the same work): each
 * must have no template yet, or the whole save is refused naming it (never taking another template's run).
 */
export const CreateGraphBody = SaveGraphBody.extend({
  adoptRuns: z.array(z.string().min(1).max(100)).max(MAX_ADOPT_RUNS).optional(),
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
    /** `local`: a free preview on the built-in engine even when a FAL_KEY is set; `fal` needs a key. Default: fal with a key. */
    engine: z.enum(['fal', 'local']).optional(),
    /** Nodes whose earlier submit had an unknown outcome may be submitted again (the user accepted paying twice). */
    resubmit: z.array(z.string()).optional(),
  })
  .refine((b) => b.graphId || b.graph, { message: 'Give either graphId or graph', path: ['graph'] });

export const EstimateBody = z.object({
  graph: GraphSchema,
  only: z.array(z.string()).optional(),
  engine: z.enum(['fal', 'local']).optional(),
});

export interface GraphSummary {
  id: string;
  name: string;
  version: number;
  updatedAt: string;
  nodeCount: number;
  /** URL of a recent output video/image, for the template list. */
  preview?: string;
  /** Who saved this version (signed-in servers only). */
  createdBy?: string;
}
export interface StoredGraph extends GraphSummary {
  graph: Graph;
}

export interface NodeRunState {
  state: NodeState;
  /** Output values: text, or a kept file by content (`/media/<sha256>.<ext>`); never a transient URL. */
  outputs?: NodeOutputs;
  /** Legacy (runs stored before media was content): the outputs as fal returned them. */
  originalOutputs?: NodeOutputs;
  error?: { kind: FailureKind; message: string; field?: string };
  /** Money spent on this node in this run (0 for previews and cache hits). */
  cost?: number;
  /** Preview runs: what this node would have cost on fal. */
  estimate?: number;
  /** When a submit with an unknown outcome was sent (state `uncertain`). */
  submittedAt?: string;
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
  /** A node making several takes (shared/takes.ts): each take's own state, outputs, cost and request id. */
  takes?: Omit<NodeRunState, 'takes'>[];
}

export interface RunSummary {
  id: string;
  graphId?: string;
  status: RunStatus;
  /** Who made the results: fal (paid) or the built-in local engine (free preview). */
  engine: EngineKind;
  createdAt: string;
  endedAt?: string;
  /** Money spent (0 for previews). */
  cost: number;
  /** Preview runs: what the run would cost on fal. */
  estimate?: number;
  /** Output node values: output node id → value. */
  outputs: Record<string, string>;
  /** Who started it (signed-in servers only). */
  createdBy?: string;
  /** A cancel was asked and the run has not ended yet: it ends cancelled as soon as whoever holds it acts on it. */
  cancelRequested?: boolean;
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
  /** USD the run will spend; for `engine: 'local'` (a preview) what it would cost on fal, while it spends nothing. */
  total: number;
  engine?: EngineKind;
  perNode: Record<string, number>;
  cached: string[];
  includesGuesses: boolean;
}

export interface ServerConfig {
  /** True when runs go to the built-in local fal engine (previews, no cost). */
  localEngine: boolean;
  /** True when a FAL_KEY is set: "Run" pays fal, and a free "Preview" on the built-in engine is offered beside it. */
  canPreview: boolean;
  /** What happens after a submit with an unknown outcome: `ask` (node shows "may exist on fal") or `resubmit`. */
  submitPolicy: 'ask' | 'resubmit';
  version: string;
  /** A team server (DATABASE_URL): runs wait in a shared queue until a worker (`npm run worker`) takes them. */
  team?: boolean;
}

/** `GET /api/team` on a team server: whether a queued run has anyone to take it. */
export interface TeamStatus {
  /** Workers alive (heard from within the last ~15 s). */
  workers: number;
  /** Runs waiting for a worker. */
  queued: number;
  /** Runs a worker holds. */
  running: number;
}
