import fc from 'fast-check';
import { NODE_DEFS } from '../../shared/registry.ts';

/** Generators of hostile but well-formed-looking API input, shared by the bad-input fuzz tests. */

const types = [...NODE_DEFS.map((d) => d.type), 'unknown', ''];
const ports = ['video', 'image', 'images', 'prompt', 'text', 'in', 'videos', 'x'];
const id = fc.constantFrom('a', 'b', 'c', 'd', '', ' ', '../x', '%00');
const param = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 2 }));

export const graphDoc = fc.record({
  version: fc.oneof(fc.constant(1), fc.anything()),
  name: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  nodes: fc.oneof(fc.array(fc.record({
    id, type: fc.constantFrom(...types),
    position: fc.oneof(fc.record({ x: fc.integer(), y: fc.integer() }), fc.anything()),
    data: fc.oneof(fc.record({ params: fc.dictionary(fc.constantFrom('prompt', 'seed', 'text', 'url', 'duration', 'at', 'start', 'end', 'transitions'), param, { maxKeys: 4 }) }), fc.anything()),
  }, { requiredKeys: [] }), { maxLength: 6 }), fc.anything()),
  edges: fc.oneof(fc.array(fc.record({
    id: fc.string({ maxLength: 3 }), source: id, sourceHandle: fc.constantFrom(...ports), target: id, targetHandle: fc.constantFrom(...ports),
  }, { requiredKeys: [] }), { maxLength: 6 }), fc.anything()),
  inputs: fc.option(fc.anything(), { nil: undefined }),
}, { requiredKeys: [] });

/** Bodies for each JSON route: mostly shaped like the real body, sometimes anything at all. */
export const bodyFor = {
  runs: fc.oneof(fc.record({ graph: graphDoc, graphId: fc.option(fc.string(), { nil: undefined }), webhookUrl: fc.option(fc.oneof(fc.webUrl(), fc.string()), { nil: undefined }) }, { requiredKeys: [] }), fc.anything()),
  graphs: fc.oneof(fc.record({ name: fc.anything(), graph: graphDoc, baseVersion: fc.anything() }, { requiredKeys: [] }), fc.anything()),
  estimate: fc.oneof(fc.record({ graph: graphDoc }), fc.anything()),
  validate: fc.oneof(fc.record({ graph: graphDoc }), fc.anything()),
  templateRuns: fc.oneof(fc.record({ inputs: fc.dictionary(fc.string({ maxLength: 8 }), fc.anything()) }), fc.anything()),
  batches: fc.oneof(fc.record({ rows: fc.array(fc.dictionary(fc.string({ maxLength: 8 }), fc.anything()), { maxLength: 4 }), csv: fc.string({ maxLength: 60 }), json: fc.string({ maxLength: 60 }) }, { requiredKeys: [] }), fc.anything()),
  reroll: fc.oneof(fc.record({ nodeId: fc.anything() }), fc.anything()),
};

/** A path segment a client could send, from plain to hostile, URL-encoded. */
export const segment = fc.oneof(fc.uuid(), fc.string({ maxLength: 30 }), fc.constantFrom('..', '%2e%2e', '\u0000', 'a'.repeat(5000))).map(encodeURIComponent);

/** A query string with odd keys, repeated keys and odd values. */
export const query = fc.array(fc.tuple(fc.constantFrom('limit', 'graphId', 'since', 'token', 'x', ''), fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constant('1e309'), fc.constant('-1'))), { maxLength: 5 })
  .map((pairs) => new URLSearchParams(pairs).toString());

export const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=xyz', 'application/json; charset=utf-16', '', 'image/png');
