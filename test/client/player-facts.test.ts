import { describe, expect, it } from 'vitest';
import { playerFacts } from '../../client/canvas/player-facts.ts';
import type { FlowEdge, FlowNode } from '../../client/store/types.ts';

/** What the full-size player says about a result: the prompt the run used, the seed, the money, the request. */

const node = (id: string, type: string, params: Record<string, unknown>, label?: string): FlowNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { params, ...(label ? { label } : {}) },
});
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string): FlowEdge => ({
  id: `${source}.${sourceHandle}->${target}.${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

const nodes = [
  node('p', 'prompt', { text: 'A red kite at dawn' }),
  node('gen', 'pika-turbo-text-to-video', { prompt: 'typed, but overridden by the wire', seed: 7 }, 'Kite shot'),
  node('out', 'output', { name: 'video' }),
];
const edges = [edge('p', 'text', 'gen', 'prompt'), edge('gen', 'video', 'out', 'in')];

describe('playerFacts', () => {
  it("takes the wired prompt's value over the typed one, and an Output node's facts from the node that made it", () => {
    const run = {
      engine: 'fal' as const,
      nodes: {
        p: { state: 'done' as const, outputs: { text: 'A red kite at dawn' } },
        gen: {
          state: 'done' as const,
          cost: 0.2,
          requestId: 'req-123',
          endpoint: 'fal-ai/pika/v2/turbo/text-to-video',
        },
        out: { state: 'done' as const, cost: 0 },
      },
    };
    const facts = playerFacts({ nodes, edges, run }, 'out');
    expect(facts).toMatchObject({
      title: 'Output',
      madeBy: 'Kite shot',
      prompt: 'A red kite at dawn',
      seed: '7',
      cost: '$0.20',
      engine: 'Pika on fal',
      requestId: 'req-123',
    });
  });

  it('says a seed left empty is random, a cached result cost nothing, and a preview what fal would charge', () => {
    const unseeded = nodes.map((n) => (n.id === 'gen' ? node('gen', n.type!, { prompt: 'typed only' }) : n));
    const cached = playerFacts(
      { nodes: unseeded, edges: [], run: { engine: 'fal', nodes: { gen: { state: 'cached', cost: 0 } } } },
      'gen',
    );
    expect(cached).toMatchObject({ prompt: 'typed only', seed: 'Random (a new one each run)', requestId: undefined });
    expect(cached.cost).toMatch(/cached/);
    const preview = playerFacts(
      { nodes, edges, run: { engine: 'local', nodes: { gen: { state: 'done', cost: 0, estimate: 0.2 } } } },
      'gen',
    );
    expect(preview.cost).toBe('free · would cost $0.20 on fal');
  });
});
