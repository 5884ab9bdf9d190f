import { hc, type ClientResponse, type InferRequestType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
// Type only: the routes' types come from the server, its code never reaches the bundle.
import type { AppType } from '../server/app.ts';
import type { Problem } from '../shared/validate.ts';
import { sessionEnded, sessionEpoch } from './sign-in/session-state.ts';

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

/**
 * The typed client. Relative, so it sends what the hand-written fetches sent: same origin, the browser's default
 * credentials, no Authorization header of its own.
 */
export const client = hc<AppType>('/');

/** What a call answers when it succeeds: the route's body for its 2xx status. */
export type Ok<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatusCode ? T : never) : never;

/**
 * Awaits one `client` call: a 2xx gives its typed body; anything else an ApiError with the server's `error` and
 * `problems`. A cancelled query's abort passes through untouched, so it is never shown as "server cannot be reached".
 */
export async function send<R extends ClientResponse<unknown, number>>(request: Promise<R>): Promise<Ok<R>> {
  let res: R;
  const sentAt = sessionEpoch();
  try {
    res = await request;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'The pikaflow server cannot be reached. Is it running?');
  }
  const text = await res.text();
  const json = text ? safeJson(text) : undefined;
  if (!res.ok) {
    // No session (it expired, or was signed out elsewhere): the sign-in comes back over the page.
    if (res.status === 401) sessionEnded(sentAt);
    const err = json as { error?: string; problems?: Problem[] } | undefined;
    const path = res.url ? new URL(res.url).pathname : 'The request';
    throw new ApiError(res.status, err?.error ?? `${path} failed (${res.status})`, err?.problems ?? []);
  }
  return json as Ok<R>;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 200) };
  }
}

/** hc puts path params into the URL as they are; ids are encoded here as the hand-written paths did. */
export const param = <K extends string>(p: Record<K, string>) =>
  Object.fromEntries(Object.entries<string>(p).map(([k, v]) => [k, encodeURIComponent(v)])) as Record<K, string>;

/** Lets a query's AbortSignal cancel the fetch it started. */
export const abortable = (signal?: AbortSignal) => (signal ? { init: { signal } } : undefined);

const graphs = client.api.graphs;
const runs = client.api.runs;

export type StartRun = InferRequestType<typeof runs.$post>['json'];
/** A graph document as the routes accept it. */
export type GraphDoc = InferRequestType<typeof graphs.$post>['json']['graph'];

/** Every call the editor makes; request and response types are the server routes' own. */
export const api = {
  config: () => send(client.api.config.$get()),
  team: () => send(client.api.team.$get()),
  listGraphs: () => send(graphs.$get()),
  getGraph: (id: string) => send(graphs[':id'].$get({ param: param({ id }) })),
  /** `adoptRuns`: runs made of this document while unsaved, which join the new template (client/run/unsaved-runs.ts). */
  createGraph: (name: string, graph: GraphDoc, adoptRuns?: string[]) =>
    send(graphs.$post({ json: { name, graph, ...(adoptRuns ? { adoptRuns } : {}) } })),
  saveGraph: (id: string, name: string, graph: GraphDoc, baseVersion?: number) =>
    send(graphs[':id'].$put({ param: param({ id }), json: { name, graph, baseVersion } })),
  deleteGraph: (id: string) => send(graphs[':id'].$delete({ param: param({ id }) })),
  startRun: (body: StartRun) => send(runs.$post({ json: body })).then((r) => ({ runId: r.id })),
  listRuns: (graphId: string) => send(runs.$get({ query: { graphId } })),
  getRun: (id: string) => send(runs[':id'].$get({ param: param({ id }) })),
  /** The run again (its own graph and scope) with `nodeId` generated anew. */
  reroll: (id: string, nodeId: string) => send(runs[':id'].reroll.$post({ param: param({ id }), json: { nodeId } })),
  cancelRun: (id: string) => send(runs[':id'].cancel.$post({ param: param({ id }) })),
  estimate: (graph: GraphDoc, signal?: AbortSignal) =>
    send(client.api.estimate.$post({ json: { graph } }, abortable(signal))),
  /** `url` is the kept file by content (`/media/<sha256>.<ext>`), which the browser shows as it is. */
  upload: (file: File) => send(client.api.uploads.$post({ form: { file } })),
  /** A pasted link, fetched once by the server and kept by content; `source` is where it came from. */
  importUrl: (url: string) => send(client.api.uploads.url.$post({ json: { url } })),
};
