import type { EngineKind } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import { abortable, client, param, send } from '../api.ts';

const templates = client.api.templates[':id'];
const batches = templates.batches;

/** One batch's input sets, given exactly one way (as the server's BatchBody requires). */
export type BatchSource = { rows: Record<string, unknown>[] } | { text: string } | { grid: Record<string, unknown[]> };

/** The template-as-app calls (issue 6); errors are ApiErrors whose problems name `inputs.<name>`. */
export const appApi = {
  /** The template's form: its exposed inputs with their schema and default (problems: inputs pointing nowhere). */
  inputs: (id: string) => send(templates.inputs.$get({ param: param({ id }) })),
  /** `engine: 'local'`: a free preview on the built-in engine even when the server has a FAL_KEY. */
  run: (id: string, inputs: Record<string, unknown>, opts: { budget?: number; engine?: EngineKind } = {}) =>
    send(templates.runs.$post({ param: param({ id }), json: { inputs, ...opts } })),
  previewBatch: (id: string, source: BatchSource, budget?: number) =>
    send(batches.preview.$post({ param: param({ id }), json: { ...source, budget } })),
  startBatch: (id: string, source: BatchSource, budget?: number) =>
    send(batches.$post({ param: param({ id }), json: { ...source, budget } })),
  batch: (id: string, batchId: string, signal?: AbortSignal) =>
    send(batches[':batchId'].$get({ param: param({ id, batchId }) }, abortable(signal))),
  batches: (id: string, signal?: AbortSignal) => send(batches.$get({ param: param({ id }) }, abortable(signal))),
  /** The graph (and run) that made an output MP4, or a graph JSON file read back. */
  provenance: (file: File) =>
    // The MP4 branch answers the graph it finds as `unknown` (server/media/provenance.ts does not check it against
    // GraphSchema), so hc cannot type it; the editor's load() is what meets it, as before.
    send(client.api.provenance.$post({ form: { file } })) as Promise<{ graph: Graph; runId?: string }>,
};

export type TemplateForm = Awaited<ReturnType<typeof appApi.inputs>>;

/** Links that can be handed around: the form of a template, optionally showing one of its runs. */
export const formLink = (templateId: string, runId?: string) =>
  `${location.origin}/app/${encodeURIComponent(templateId)}${runId ? `?run=${encodeURIComponent(runId)}` : ''}`;
export const editorRunLink = (runId: string) => `${location.origin}/?run=${encodeURIComponent(runId)}`;
