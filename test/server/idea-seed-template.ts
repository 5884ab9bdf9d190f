import type { StoredGraph } from '../../shared/api.ts';
import { graph, type Harness } from './helpers.ts';

/**
 * Prompt → Turbo text-to-video → Output, with the prompt's text (`idea`) and the video's `seed` as template inputs: the
 * template the batch and limits tests send rows to. Saved as `name` on the harness's server; `t2v` adds to the video
 * node's params (seed 1).
 */
export async function saveIdeaSeedTemplate(
  h: Harness,
  name: string,
  t2v: Record<string, unknown> = {},
): Promise<StoredGraph> {
  const g = {
    ...graph(
      [
        ['p', 'prompt', { text: 'a glass fish' }],
        ['t', 'pika-turbo-text-to-video', { seed: 1, ...t2v }],
        ['out', 'output'],
      ],
      [
        ['p.text', 't.prompt'],
        ['t.video', 'out.in'],
      ],
    ),
    inputs: [
      { name: 'idea', node: 'p', param: 'text' },
      { name: 'seed', node: 't', param: 'seed' },
    ],
  };
  return (await h.api<StoredGraph>('/api/graphs', { json: { name, graph: g } })).body;
}
