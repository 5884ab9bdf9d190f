import type {
  ApiErrorBody, EstimateResponse, GraphSummary, RunDetail, RunSummary, ServerConfig, StoredGraph,
} from '../shared/api.ts';
import type { EngineKind } from '../shared/events.ts';
import type { Graph } from '../shared/graph.ts';
import type { Problem } from '../shared/validate.ts';

/** A failed API call, carrying the server's message and, for graphs, the problems per node/field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body instanceof FormData || body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The pikaflow server cannot be reached. Is it running?');
  }
  const text = await res.text();
  const json = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const err = json as Partial<ApiErrorBody> | undefined;
    throw new ApiError(res.status, err?.error ?? `${method} ${path} failed (${res.status})`, err?.problems ?? []);
  }
  return json as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 200) };
  }
}

export interface StartRun {
  graph: Graph;
  graphId?: string;
  only?: string[];
  reroll?: string[];
  /** `local`: a free preview on the built-in engine, even with a FAL_KEY set. */
  engine?: EngineKind;
  /** Nodes left "may exist on fal" that the designer chose to submit again (it may cost twice). */
  resubmit?: string[];
}

/** Every call the editor makes, typed by the shared API shapes. */
export const api = {
  config: () => call<ServerConfig>('GET', '/api/config'),
  listGraphs: () => call<GraphSummary[] | { graphs: GraphSummary[] }>('GET', '/api/graphs').then(unwrap('graphs')),
  getGraph: (id: string) => call<StoredGraph>('GET', `/api/graphs/${encodeURIComponent(id)}`),
  createGraph: (name: string, graph: Graph) => call<StoredGraph>('POST', '/api/graphs', { name, graph }),
  saveGraph: (id: string, name: string, graph: Graph, baseVersion?: number) =>
    call<StoredGraph>('PUT', `/api/graphs/${encodeURIComponent(id)}`, { name, graph, baseVersion }),
  deleteGraph: (id: string) => call<unknown>('DELETE', `/api/graphs/${encodeURIComponent(id)}`),
  // The server answers with the new run (`id`); `runId` is accepted too, as the brief's shape.
  startRun: (body: StartRun) =>
    call<{ runId?: string; id?: string }>('POST', '/api/runs', body).then((r) => ({ runId: (r.runId ?? r.id)! })),
  listRuns: (graphId: string) =>
    call<RunSummary[] | { runs: RunSummary[] }>('GET', `/api/runs?graphId=${encodeURIComponent(graphId)}`).then(
      unwrap('runs'),
    ),
  getRun: (id: string) => call<RunDetail>('GET', `/api/runs/${encodeURIComponent(id)}`),
  /** The run again (its own graph and scope) with `nodeId` generated anew. */
  reroll: (id: string, nodeId: string) => call<RunDetail>('POST', `/api/runs/${encodeURIComponent(id)}/reroll`, { nodeId }),
  cancelRun: (id: string) => call<unknown>('POST', `/api/runs/${encodeURIComponent(id)}/cancel`),
  estimate: (graph: Graph, only?: string[]) => call<EstimateResponse>('POST', '/api/estimate', { graph, only }),
  /** `url` is the kept file by content (`/media/<sha256>.<ext>`), which the browser shows as it is. */
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return call<{ url: string; kind: 'image' | 'video'; mediaUrl: string }>('POST', '/api/uploads', form);
  },
  /** A pasted link, fetched once by the server and kept by content; `source` is where it came from. */
  importUrl: (url: string) =>
    call<{ url: string; kind: 'image' | 'video'; source: string }>('POST', '/api/uploads/url', { url }),
};

/** Lists may come bare or wrapped (`{graphs: [...]}`); the editor wants the array either way. */
function unwrap<T>(key: string) {
  return (v: T[] | Record<string, T[]>): T[] => (Array.isArray(v) ? v : (v[key] ?? []));
}
