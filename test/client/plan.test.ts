import { describe, expect, it } from 'vitest';
import type { Graph } from '../../shared/graph.ts';
import { graphFingerprints } from '../../shared/fingerprint.ts';
import { computePlan } from '../../client/canvas/plan.ts';
import { priceKey, type Estimate } from '../../client/panels/use-estimate.ts';
import type { RunView } from '../../client/store/types.ts';

/** prompt → text-to-video (Turbo, $0.20) → output, with `text` as the prompt. */
const graph = (text: string): Pick<Graph, 'nodes' | 'edges'> => ({
  nodes: [
    { id: 'p', type: 'prompt', position: { x: 0, y: 0 }, data: { params: { text } } },
    { id: 'v', type: 'pika-turbo-text-to-video', position: { x: 0, y: 0 }, data: { params: { prompt: text } } },
    { id: 'o', type: 'output', position: { x: 0, y: 0 }, data: { params: { name: 'video' } } },
  ],
  edges: [
    { id: 'a', source: 'p', sourceHandle: 'text', target: 'v', targetHandle: 'prompt' },
    { id: 'b', source: 'v', sourceHandle: 'video', target: 'o', targetHandle: 'in' },
  ],
});

/** A finished run of `g`: every node done with the fingerprint the engine gave it (`state` for the video node). */
function finished(
  g: Pick<Graph, 'nodes' | 'edges'>,
  state: 'done' | 'failed' = 'done',
  engine: 'fal' | 'local' = 'fal',
) {
  const prints = graphFingerprints(g, {}, engine);
  const node = (id: string) => ({ state: id === 'v' ? state : 'done', fingerprint: prints.get(id), outputs: {} });
  return {
    id: 'r1',
    engine,
    status: state === 'done' ? 'completed' : 'failed',
    nodes: { p: node('p'), v: node('v'), o: node('o') },
    cost: 0.2,
  } as unknown as RunView;
}

const answer = (g: Pick<Graph, 'nodes' | 'edges'>, cached: string[], engine: 'fal' | 'local' = 'fal'): Estimate => ({
  total: cached.includes('v') ? 0 : 0.2,
  paid: cached.includes('v') ? 0 : 1,
  cached: cached.length,
  guess: false,
  offline: false,
  key: priceKey(g),
  perNode: { p: 0, v: cached.includes('v') ? 0 : 0.2, o: 0 },
  cachedIds: cached,
  engine,
});

describe('what the canvas says the next Run does', () => {
  it('before any run: the paid node carries its price, a source and the output say nothing', () => {
    const g = graph('a boat');
    const plan = computePlan(g, null, answer(g, []), 'fal');
    expect(plan.get('v')).toMatchObject({ next: 'run', cost: 0.2, previous: false, changed: false });
    expect(plan.get('p')?.next).toBe('none');
    expect(plan.get('o')?.next).toBe('none');
  });

  it('after an upstream edit: the node and what follows it will run, their results are previous', () => {
    const before = graph('a boat');
    const after = graph('a ship');
    const plan = computePlan(after, finished(before), answer(after, []), 'fal');
    expect(plan.get('v')).toMatchObject({ next: 'run', cost: 0.2, previous: true, changed: true });
    expect(plan.get('o')).toMatchObject({ next: 'run', cost: 0, previous: true, changed: true });
    expect(plan.get('p')).toMatchObject({ next: 'none', previous: true });
  });

  it('unchanged since the run: cached, even before the server has answered for this graph', () => {
    const g = graph('a boat');
    expect(computePlan(g, finished(g), null, 'fal').get('v')).toMatchObject({ next: 'cached', previous: false });
    // The server's answer for another content is not used for this one: the canvas's own fingerprints decide.
    expect(computePlan(g, finished(g), answer(graph('x'), []), 'fal').get('v')?.next).toBe('cached');
  });

  it('the server knows the cache: an edit back to content made earlier is cached, not paid again', () => {
    const shown = graph('a boat');
    const now = graph('a boat, again');
    expect(computePlan(now, finished(shown), answer(now, ['v']), 'fal').get('v')).toMatchObject({
      next: 'cached',
      previous: true,
    });
  });

  it('a failed node will run again; a preview run does not count as cached for a paid Run', () => {
    const g = graph('a boat');
    expect(computePlan(g, finished(g, 'failed'), answer(g, []), 'fal').get('v')).toMatchObject({
      next: 'run',
      cost: 0.2,
      previous: false,
    });
    const preview = computePlan(g, finished(g, 'done', 'local'), answer(g, []), 'fal').get('v');
    expect(preview).toMatchObject({ next: 'run', cost: 0.2, previous: false, preview: false });
  });

  it('says nothing while a run goes: its state is the news', () => {
    const g = graph('a boat');
    const running = { ...finished(g), status: 'running' } as RunView;
    expect(computePlan(g, running, answer(g, []), 'fal').size).toBe(0);
  });
});
