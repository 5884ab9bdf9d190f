import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../server/helpers.ts';
import { exampleGraphs } from './soak-graphs.ts';
import { bodyFor, contentType, deepParamsBody, oversized, query, segment } from './fuzz-cases.ts';

/**
 * Property-based bad input against the real HTTP server: whatever arrives, the answer is never a 5xx, and every 4xx
 * carries an `error` string that says what is wrong. Bounded by case counts (≈4,500 requests in all).
 */

// Every property runs from this seed, printed so a failure can be replayed: FC_SEED=<seed> reruns the same cases
// (fast-check also prints the failing case's seed and path when a property fails).
const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`bad-input-fuzz seed: ${seed} (rerun with FC_SEED=${seed})`);

let h: Harness;
let templateId = '';
beforeAll(async () => {
  h = await harness();
  const turbo = exampleGraphs().find((e) => e.name.startsWith('turbo'))!.graph;
  const saved = await h.api<{ id: string }>('/api/graphs', { json: { name: 'fuzz template', graph: turbo } });
  templateId = saved.body.id;
});
afterAll(async () => h?.close());
// Whatever a property sent, the server still answers the next plain request.
afterEach(async () => expect((await fetch(`${h.server.url}/api/config`)).status).toBe(200));

const GENERIC = new Set(['Bad request', 'Bad Request', 'Internal error', '']);

/** The contract for one answer: below 500, and a 4xx names its problem in `error`. */
async function expectSane(res: Response, what: string) {
  const text = await res.text();
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    let body: { error?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // fall through: a non-JSON 4xx fails below
    }
    expect(typeof body.error, `${what} → ${res.status} ${text.slice(0, 300)}`).toBe('string');
    expect(GENERIC.has(body.error as string), `${what}: vague error "${String(body.error)}"`).toBe(false);
  }
}

const send = (method: string, path: string, body?: string, type = 'application/json') =>
  fetch(h.server.url + path, { method, body, headers: type ? { 'content-type': type } : {} });

describe('bad input', () => {
  it('JSON bodies on every JSON route', async () => {
    const routes: [string, string, keyof typeof bodyFor][] = [
      ['POST', '/api/runs', 'runs'],
      ['POST', '/api/graphs', 'graphs'],
      ['PUT', `/api/graphs/${'{T}'}`, 'graphs'],
      ['POST', '/api/estimate', 'estimate'],
      ['POST', '/api/validate', 'validate'],
      ['POST', '/api/templates/{T}/runs', 'templateRuns'],
      ['POST', '/api/templates/{T}/batches/preview', 'batches'],
      ['POST', '/api/runs/nope/reroll', 'reroll'],
    ];
    for (const [method, raw, kind] of routes) {
      const path = raw.replace('{T}', templateId);
      await fc.assert(
        fc.asyncProperty(bodyFor[kind], async (body) =>
          expectSane(await send(method, path, JSON.stringify(body ?? null)), `${method} ${path}`),
        ),
        { seed, numRuns: 250 },
      );
    }
  });

  it('raw bodies with wrong or missing content types', async () => {
    const paths = [
      '/api/runs',
      '/api/graphs',
      '/api/estimate',
      '/api/validate',
      `/api/templates/${templateId}/runs`,
      '/api/uploads',
      '/api/provenance',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(fc.string({ maxLength: 200 }), fc.json()),
        contentType,
        async (path, body, type) => {
          await expectSane(await send('POST', path, body, type), `POST ${path} (${type})`);
        },
      ),
      { seed, numRuns: 400 },
    );
  });

  it('path segments and query strings', async () => {
    const shapes = [
      '/api/runs/{s}',
      '/api/graphs/{s}',
      '/api/graphs/{s}/versions',
      '/api/graphs/{s}/versions/{s}',
      '/api/templates/{s}/inputs',
      '/api/templates/{s}/batches',
      '/api/templates/{s}/batches/{s}',
      '/api/runs/{s}/events',
      '/api/runs?{q}',
      '/api/graphs?{q}',
      '/api/runs/{s}/events?{q}',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...shapes),
        segment,
        query,
        fc.constantFrom('GET', 'DELETE', 'POST'),
        async (shape, s, q, method) => {
          const path = shape.replaceAll('{s}', s).replace('{q}', q);
          // Only unknown runs are asked for events, so these answer at once instead of streaming.
          await expectSane(await fetch(h.server.url + path, { method }), `${method} ${path}`);
        },
      ),
      { seed, numRuns: 1000 },
    );
  });

  it('uploads: random bytes and names, truncated and malformed multipart', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.string({ maxLength: 20 }),
        fc.nat({ max: 400 }),
        async (bytes, name, cut) => {
          const form = new FormData();
          form.set('file', new Blob([bytes]), name || 'x.mp4');
          const full = new Uint8Array(await new Response(form).arrayBuffer());
          const type = new Response(form).headers.get('content-type')!;
          // Whole, or cut short somewhere in the middle (a client that died mid-upload).
          const body = cut > 200 ? full : full.slice(0, Math.min(full.length, cut));
          await expectSane(
            await fetch(`${h.server.url}/api/uploads`, { method: 'POST', body, headers: { 'content-type': type } }),
            `upload ${body.length}/${full.length} bytes`,
          );
        },
      ),
      { seed, numRuns: 400 },
    );
  });

  it('issue 11 shapes are refused at once, naming what is wrong', async () => {
    const turbo = exampleGraphs().find((e) => e.name.startsWith('turbo'))!.graph;
    const expectRefused = async (res: Response, what: string, status: number, error: RegExp) => {
      const text = await res.text();
      expect(res.status, `${what} → ${text.slice(0, 300)}`).toBe(status);
      expect((JSON.parse(text) as { error: string }).error, what).toMatch(error);
    };
    const T = `/api/templates/${templateId}`;
    await fc.assert(
      fc.asyncProperty(oversized.grid, fc.constantFrom('/batches/preview', '/batches'), async (grid, path) => {
        await expectRefused(
          await send('POST', T + path, JSON.stringify({ grid })),
          `grid on ${path}`,
          400,
          /grid|rows/,
        );
      }),
      { seed, numRuns: 60 },
    );
    const graphRoutes = ['/api/graphs', '/api/runs', '/api/validate', '/api/estimate'];
    const wrap = (path: string, graph: unknown) =>
      JSON.stringify(path === '/api/graphs' ? { name: 'x', graph } : { graph });
    await fc.assert(
      fc.asyncProperty(oversized.manyInputs, fc.constantFrom(...graphRoutes), async (graph, path) => {
        await expectRefused(
          await send('POST', path, wrap(path, graph)),
          `${path}`,
          400,
          /graph\.inputs: A template can expose at most 100 inputs/,
        );
      }),
      { seed, numRuns: 20 },
    );
    await fc.assert(
      fc.asyncProperty(oversized.deepParams, fc.constantFrom(...graphRoutes), async (deep, path) => {
        await expectRefused(
          await send('POST', path, deepParamsBody(path, deep)),
          `${path} ${JSON.stringify(deep)}`,
          400,
          new RegExp(`^node "t": graph\\.nodes\\.0\\.data\\.params\\.${deep.key}: nests deeper than 16 levels$`),
        );
      }),
      { seed, numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(oversized.longPrompt, fc.constantFrom('/api/runs', '/api/validate'), async (graph, path) => {
        const res = await send('POST', path, wrap(path, graph));
        if (path === '/api/validate')
          expect(((await res.json()) as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual([
            'prompt',
          ]);
        else await expectRefused(res, path, 400, /prompt: at most 1,500 characters/);
      }),
      { seed, numRuns: 20 },
    );
    await fc.assert(
      fc.asyncProperty(
        oversized.privateWebhook,
        fc.constantFrom('/api/runs', `${T}/runs`, `${T}/batches`),
        async (webhook, path) => {
          const body =
            path === '/api/runs'
              ? { graph: turbo, webhook }
              : path.endsWith('/runs')
                ? { webhook }
                : { grid: {}, webhook };
          await expectRefused(
            await send('POST', path, JSON.stringify(body)),
            `${path} webhook ${webhook}`,
            400,
            /^webhook: /,
          );
        },
      ),
      { seed, numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.json(),
        fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'text/csv', ''),
        fc.constantFrom(...graphRoutes, `${T}/runs`),
        async (body, type, path) => {
          await expectRefused(
            await send('POST', path, body, type),
            `${path} as ${type || 'no type'}`,
            415,
            /Content-Type: application\/json/,
          );
        },
      ),
      { seed, numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(oversized.csv, async (text) => {
        await expectSane(
          await send('POST', `${T}/batches/preview`, JSON.stringify({ text })),
          `CSV ${JSON.stringify(text).slice(0, 200)}`,
        );
      }),
      { seed, numRuns: 100 },
    );
  });
});
