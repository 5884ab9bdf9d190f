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
      method: 'OPTIONS',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
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
    const res = await fetch(`${h.server.url}/api/runs`, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': type },
      body: JSON.stringify({ graph }),
    });
    expect(res.status, type).toBeGreaterThanOrEqual(400);
  }
  expect((await h.api<unknown[]>('/api/runs')).body.length).toBe(before);
});

it('refuses state changes from a foreign Origin, including a multipart upload, and allows our own page', async () => {
  const form = new FormData();
  form.append(
    'file',
    new Blob([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], { type: 'image/png' }),
    'a.png',
  );
  const upload = await fetch(`${h.server.url}/api/uploads`, { method: 'POST', headers: { origin: EVIL }, body: form });
  expect(upload.status).toBe(403);
  expect(((await upload.json()) as { error: string }).error).toMatch(/Cross-site/);
  for (const origin of [EVIL, 'null']) {
    const res = await fetch(`${h.server.url}/api/graphs`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status, origin).toBe(403);
  }
  // Our own editor sends its own origin: the request reaches validation (400 for this empty body), not the guard.
  const own = await fetch(`${h.server.url}/api/graphs`, {
    method: 'POST',
    headers: { origin: h.server.url, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(own.status).toBe(400);
});

it('cross-site means another host, whatever the content type or the way it is told', async () => {
  const post = (headers: Record<string, string>, type = 'application/json') =>
    fetch(`${h.server.url}/api/graphs`, { method: 'POST', headers: { 'content-type': type, ...headers }, body: '{}' });
  const own = new URL(h.server.url);
  // Another port on the same machine is "same-site" to a browser, but it is not our page.
  const refused: Record<string, string>[] = [
    { origin: `http://${own.hostname}:1` },
    { origin: `http://${own.hostname}:1`, 'sec-fetch-site': 'same-site' },
    { 'sec-fetch-site': 'cross-site' },
    { origin: 'not a url' },
  ];
  for (const headers of refused) {
    for (const type of ['application/json', 'text/plain']) {
      const res = await post(headers, type);
      expect(res.status, `${JSON.stringify(headers)} ${type}`).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/^Cross-site request .* refused/);
    }
  }
  // Reaching validation (400 for this empty body) means the guard let it through.
  const allowed: Record<string, string>[] = [
    {}, // curl, scripts: not a browser, nothing to forge for
    { origin: `https://${own.host}` }, // our page behind a TLS-terminating proxy
    { 'sec-fetch-site': 'same-origin' }, // the browser itself says the page is ours
  ];
  for (const headers of allowed) expect((await post(headers)).status, JSON.stringify(headers)).toBe(400);
});

it("fal's webhook is not behind the cross-site guard", async () => {
  const res = await fetch(`${h.server.url}/api/fal/webhook`, {
    method: 'POST',
    headers: { origin: EVIL, 'content-type': 'application/json' },
    body: JSON.stringify({ request_id: 'unknown-id' }),
  });
  expect(res.status).toBe(200);
});

it('reads stay open to any origin (they carry no CORS header, so a foreign page cannot see them)', async () => {
  expect(
    (await fetch(`${h.server.url}/api/config`, { headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' } })).status,
  ).toBe(200);
});
