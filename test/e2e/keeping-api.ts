import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { waitRun } from '../server/helpers.ts';

/** Server calls made behind the page's back (another tab, the CLI, a colleague), for keeping.test.ts. */
export function serverApi(base: string) {
  const url = base.replace(/\/$/, '');
  const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(url + path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : res.json()) as T;
  };
  return {
    url,
    json,
    /** Runs a graph to its end (followed on its event stream) and returns the run id. */
    async runToEnd(graph: unknown): Promise<string> {
      const { id } = await json<{ id: string }>('POST', '/api/runs', { graph });
      const run = await waitRun(url, id);
      if (run.status !== 'completed') throw new Error(`run ${id} ${run.status}: ${JSON.stringify(run.nodes)}`);
      return id;
    },
    async bytes(path: string): Promise<Buffer> {
      const res = await fetch(url + path);
      if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    },
    getGraph: (id: string) =>
      json<{ id: string; name: string; version: number; graph: Graph }>('GET', `/api/graphs/${id}`),
    listGraphs: () => json<{ id: string; name: string; version: number }[]>('GET', '/api/graphs'),
  };
}

export interface Graph {
  version: 1;
  name?: string;
  nodes: { id: string; type: string; data: { params: Record<string, unknown> } }[];
  edges: unknown[];
  inputs?: { name: string; node: string; param: string }[];
}

/** The turbo text-to-video example (ids t2v → out) with our own prompt, so a cached result from elsewhere is not reused. */
export async function turboGraph(prompt: string): Promise<Graph> {
  const g = JSON.parse(await readFile('examples/turbo-text-to-video.json', 'utf8')) as Graph;
  g.nodes.find((n) => n.id === 't2v')!.data.params.prompt = prompt;
  return g;
}

/** A param of a node as the page's editor store holds it right now. */
export function paramInPage(page: Page, node: string, param: string): Promise<unknown> {
  return page.evaluate(
    ({ node, param }) => {
      const s = (
        window as unknown as {
          __pikaflow: { getState(): { nodes: { id: string; data: { params: Record<string, unknown> } }[] } };
        }
      ).__pikaflow;
      return s.getState().nodes.find((n) => n.id === node)?.data.params[param];
    },
    { node, param },
  );
}
