import type { RunDetail } from '../../shared/api.ts';
import type { BatchDetail, BatchPlan } from '../../shared/batch-api.ts';
import type { EngineKind } from '../../shared/events.ts';
import type { Graph } from '../../shared/graph.ts';
import type { TemplateInputField } from '../../shared/template-inputs.ts';
import { call } from '../api.ts';

/** A template's form: its exposed inputs with their schema and default (problems: inputs pointing nowhere). */
export interface TemplateForm {
  id: string;
  name: string;
  version: number;
  fields: TemplateInputField[];
  problems: string[];
}

/** One batch's input sets, given exactly one way (as the server's BatchBody requires). */
export type BatchSource = { rows: Record<string, unknown>[] } | { text: string } | { grid: Record<string, unknown[]> };

const t = (id: string) => `/api/templates/${encodeURIComponent(id)}`;

/** The template-as-app calls (issue 6); errors are ApiErrors whose problems name `inputs.<name>`. */
export const appApi = {
  inputs: (id: string) => call<TemplateForm>('GET', `${t(id)}/inputs`),
  /** `engine: 'local'`: a free preview on the built-in engine even when the server has a FAL_KEY. */
  run: (id: string, inputs: Record<string, unknown>, opts: { budget?: number; engine?: EngineKind } = {}) =>
    call<RunDetail>('POST', `${t(id)}/runs`, { inputs, ...opts }),
  previewBatch: (id: string, source: BatchSource, budget?: number) =>
    call<BatchPlan>('POST', `${t(id)}/batches/preview`, { ...source, budget }),
  startBatch: (id: string, source: BatchSource, budget?: number) =>
    call<BatchDetail>('POST', `${t(id)}/batches`, { ...source, budget }),
  batch: (id: string, batchId: string) => call<BatchDetail>('GET', `${t(id)}/batches/${encodeURIComponent(batchId)}`),
  batches: (id: string) => call<BatchDetail[]>('GET', `${t(id)}/batches`),
  /** The graph (and run) that made an output MP4, or a graph JSON file read back. */
  provenance: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return call<{ graph: Graph; runId?: string }>('POST', '/api/provenance', form);
  },
};

/** Links that can be handed around: the form of a template, optionally showing one of its runs. */
export const formLink = (templateId: string, runId?: string) =>
  `${location.origin}/app/${encodeURIComponent(templateId)}${runId ? `?run=${encodeURIComponent(runId)}` : ''}`;
export const editorRunLink = (runId: string) => `${location.origin}/?run=${encodeURIComponent(runId)}`;
