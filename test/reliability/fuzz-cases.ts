import fc from 'fast-check';
import { NODE_DEFS } from '../../shared/registry.ts';

/** Generators of hostile but well-formed-looking API input, shared by the bad-input fuzz tests. */

const types = [...NODE_DEFS.map((d) => d.type), 'unknown', ''];
const ports = ['video', 'image', 'images', 'prompt', 'text', 'in', 'videos', 'x'];
const id = fc.constantFrom('a', 'b', 'c', 'd', '', ' ', '../x', '%00');
const param = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.object({ maxDepth: 2 }),
);

export const graphDoc = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.anything()),
    name: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    nodes: fc.oneof(
      fc.array(
        fc.record(
          {
            id,
            type: fc.constantFrom(...types),
            position: fc.oneof(fc.record({ x: fc.integer(), y: fc.integer() }), fc.anything()),
            data: fc.oneof(
              fc.record({
                params: fc.dictionary(
                  fc.constantFrom('prompt', 'seed', 'text', 'url', 'duration', 'at', 'start', 'end', 'transitions'),
                  param,
                  { maxKeys: 4 },
                ),
              }),
              fc.anything(),
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 6 },
      ),
      fc.anything(),
    ),
    edges: fc.oneof(
      fc.array(
        fc.record(
          {
            id: fc.string({ maxLength: 3 }),
            source: id,
            sourceHandle: fc.constantFrom(...ports),
            target: id,
            targetHandle: fc.constantFrom(...ports),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 6 },
      ),
      fc.anything(),
    ),
    inputs: fc.option(fc.anything(), { nil: undefined }),
  },
  { requiredKeys: [] },
);

/** Bodies for each JSON route: mostly shaped like the real body, sometimes anything at all. */
export const bodyFor = {
  runs: fc.oneof(
    fc.record(
      {
        graph: graphDoc,
        graphId: fc.option(fc.string(), { nil: undefined }),
        webhookUrl: fc.option(fc.oneof(fc.webUrl(), fc.string()), { nil: undefined }),
      },
      { requiredKeys: [] },
    ),
    fc.anything(),
  ),
  graphs: fc.oneof(
    fc.record({ name: fc.anything(), graph: graphDoc, baseVersion: fc.anything() }, { requiredKeys: [] }),
    fc.anything(),
  ),
  estimate: fc.oneof(fc.record({ graph: graphDoc }), fc.anything()),
  validate: fc.oneof(fc.record({ graph: graphDoc }), fc.anything()),
  templateRuns: fc.oneof(
    fc.record({ inputs: fc.dictionary(fc.string({ maxLength: 8 }), fc.anything()) }),
    fc.anything(),
  ),
  batches: fc.oneof(
    fc.record(
      {
        rows: fc.array(fc.dictionary(fc.string({ maxLength: 8 }), fc.anything()), { maxLength: 4 }),
        csv: fc.string({ maxLength: 60 }),
        json: fc.string({ maxLength: 60 }),
      },
      { requiredKeys: [] },
    ),
    fc.anything(),
  ),
  reroll: fc.oneof(fc.record({ nodeId: fc.anything() }), fc.anything()),
};

/** A path segment a client could send, from plain to hostile, URL-encoded. */
export const segment = fc
  .oneof(fc.uuid(), fc.string({ maxLength: 30 }), fc.constantFrom('..', '%2e%2e', '\u0000', 'a'.repeat(5000)))
  .map(encodeURIComponent);

/** A query string with odd keys, repeated keys and odd values. */
export const query = fc
  .array(
    fc.tuple(
      fc.constantFrom('limit', 'graphId', 'since', 'token', 'x', ''),
      fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constant('1e309'), fc.constant('-1')),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

export const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16',
  '',
  'image/png',
);

/** A value `depth` levels deep, built without recursion (the point is that nothing may recurse over it). */
export function nested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { v };
  return v;
}

/**
 * JSON text of `value` with the string "__DEEP__" replaced by a value `depth` levels deep. Written as text because
 * JSON.stringify itself overflows the stack at ~4,000 levels (the very bug the server had).
 */
export function jsonWithDeep(value: unknown, depth: number): string {
  const deep =
    Array.from({ length: depth }, (_, i) => (i % 2 ? '[' : '{"v":')).join('') +
    '"bottom"' +
    Array.from({ length: depth }, (_, i) => (i % 2 ? ']' : '}'))
      .reverse()
      .join('');
  return JSON.stringify(value).replace('"__DEEP__"', deep);
}

/** Issue 11's shapes: each must be refused at once (4xx), whatever its size. */
const t2v = (params: Record<string, unknown>) => ({ id: 't', type: 'pika-turbo-text-to-video', data: { params } });
const axis = (n: number) => Array.from({ length: n }, (_, i) => i);
export const oversized = {
  /** Grids whose product of axis lengths is over 1000 (up to 100⁶), or with more axes than a template has inputs. */
  grid: fc.oneof(
    fc
      .array(fc.integer({ min: 32, max: 100 }), { minLength: 2, maxLength: 6 })
      .map((lengths) => Object.fromEntries(lengths.map((n, i) => [`a${i}`, axis(n)]))),
    fc.integer({ min: 101, max: 3000 }).map((keys) => Object.fromEntries(axis(keys).map((k) => [`k${k}`, [k]]))),
  ),
  /** Graphs exposing more inputs than a template may (up to 40,000). */
  manyInputs: fc.integer({ min: 101, max: 40_000 }).map((n) => ({
    version: 1,
    nodes: [t2v({ prompt: 'x' })],
    edges: [],
    inputs: axis(n).map((i) => ({ name: `i${i}`, node: 't', param: 'seed' })),
  })),
  /** A node whose params nest past the cap (up to the ~4,100 levels that broke the stores), as `{ depth, key }`. */
  deepParams: fc.record({
    depth: fc.integer({ min: 17, max: 5000 }),
    key: fc.constantFrom('style', 'prompt', 'seed', 'x'),
  }),
  /** Prompts past the 1,500-character cap. */
  longPrompt: fc
    .integer({ min: 1501, max: 200_000 })
    .map((n) => ({ version: 1, nodes: [t2v({ prompt: 'p'.repeat(n) })], edges: [] })),
  /** Webhooks to loopback, private, link-local and `localhost` addresses, in their various spellings. */
  privateWebhook: fc
    .tuple(
      fc.constantFrom(
        '127.0.0.1',
        'localhost',
        '[::1]',
        '10.0.0.1',
        '192.168.1.20',
        '172.16.5.5',
        '169.254.169.254',
        '[::ffff:127.0.0.1]',
        '[fd00::1]',
        '0.0.0.0',
        '2130706433',
        '0x7f.1',
        'LOCALHOST.',
        'a.localhost',
      ),
      fc.option(fc.integer({ min: 1, max: 65535 })),
      fc.webPath(),
    )
    .map(([host, port, path]) => `http://${host}${port ? `:${port}` : ''}${path || '/'}`),
  /** CSV text with quotes, commas and line breaks in odd places. */
  csv: fc
    .array(
      fc.array(
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', '""', ',', '\n', '\r\n', '"a\nb"', '1984', '')),
        { maxLength: 4 },
      ),
      { maxLength: 6 },
    )
    .map((rows) => ['idea,seed', ...rows.map((r) => r.join(','))].join('\n')),
};

/** A graph document (JSON text) with one node whose param `key` nests `depth` levels deep, wrapped as a route wants it. */
export const deepParamsBody = (path: string, { depth, key }: { depth: number; key: string }) => {
  const graph = { version: 1, nodes: [t2v({ prompt: 'x', [key]: '__DEEP__' })], edges: [] };
  return jsonWithDeep(path === '/api/graphs' ? { name: 'x', graph } : { graph }, depth);
};
