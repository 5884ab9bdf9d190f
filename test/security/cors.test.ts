import { afterAll, beforeAll, expect, it } from 'vitest';
import { harness, type Harness } from '../server/helpers.ts';

/** No CORS: a page from another origin can neither read our answers nor pass a preflight. */
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

const EVIL = 'https://evil.example';
const paths = ['/api/config', '/api/graphs', '/api/runs', '/api/estimate', '/media/x.mp4'];

it('answers carry no Access-Control-Allow-Origin for a foreign Origin', async () => {
  for (const p of paths) {
    const res = await fetch(h.server.url + p, { headers: { origin: EVIL } });
    expect(res.headers.get('access-control-allow-origin'), p).toBeNull();
    expect(res.headers.get('access-control-allow-credentials'), p).toBeNull();
  }
});

it('a preflight is refused: no allow-origin, methods or headers', async () => {
  for (const p of paths) {
    const res = await fetch(h.server.url + p, {
      method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(res.headers.get('access-control-allow-origin'), p).toBeNull();
    expect(res.headers.get('access-control-allow-methods'), p).toBeNull();
    expect(res.headers.get('access-control-allow-headers'), p).toBeNull();
  }
});

it('a cross-site "simple" POST (text/plain or form) cannot start a run', async () => {
  const graph = { version: 1, nodes: [{ id: 'p', type: 'prompt', data: { params: { text: 'csrf' } } }], edges: [] };
  const before = (await h.api<unknown[]>('/api/runs')).body.length;
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await fetch(`${h.server.url}/api/runs`, { method: 'POST', headers: { origin: EVIL, 'content-type': type }, body: JSON.stringify({ graph }) });
    expect(res.status, type).toBeGreaterThanOrEqual(400);
  }
  expect((await h.api<unknown[]>('/api/runs')).body.length).toBe(before);
});
