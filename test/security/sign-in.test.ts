import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSummary, RunDetail, RunSummary, StoredGraph } from '../../shared/api.ts';
import type { BatchDetail } from '../../shared/batch-api.ts';
import { createApp } from '../../server/app.ts';
import { graph, harness, type Harness } from '../server/helpers.ts';

/**
 * Signing in through the page, on a real server (loopback, port 0): a person trades their token for a session cookie,
 * which then opens the API, the event stream and media like the token does; signing out ends it on the server.
 */
const ANA = 'ana-token-0123456789';
const BEN = 'ben-token-9876543210';
let h: Harness;
let origin = '';

/** What a browser on the editor's own page sends: its cookie and its Origin. */
async function call(path: string, o: { cookie?: string; method?: string; json?: unknown; headers?: object } = {}) {
  const headers: Record<string, string> = { origin, ...(o.headers as Record<string, string>) };
  if (o.cookie) headers.cookie = o.cookie;
  if (o.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(origin + path, {
    method: o.method ?? (o.json !== undefined ? 'POST' : 'GET'),
    headers,
    body: o.json !== undefined ? JSON.stringify(o.json) : undefined,
  });
  return res;
}

async function signIn(token: string, headers: object = {}) {
  const res = await call('/api/session', { json: { token }, headers });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

/** Follows the run's event stream with the cookie until the server closes it after the terminal event. */
async function followWithCookie(runId: string, cookie: string): Promise<string> {
  const res = await call(`/api/runs/${runId}/events`, { cookie });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  return res.text();
}

const twoSteps = () =>
  graph(
    [
      ['p', 'prompt', { text: 'a lantern drifting over a lake, signed in' }],
      ['t', 'pika-turbo-text-to-video', { seed: 7, duration: 2 }],
      ['out', 'output'],
    ],
    [
      ['p.text', 't.prompt'],
      ['t.video', 'out.in'],
    ],
  );

beforeAll(async () => {
  h = await harness({
    server: {
      accessToken: 'owner-token-000000',
      accessTokens: [
        { name: 'ana', token: ANA },
        { name: 'ben', token: BEN },
      ],
    },
  });
  origin = h.server.url;
});
afterAll(async () => h?.close());

describe('sign in with a token', () => {
  it('gives an HttpOnly, SameSite=Strict session cookie (Secure over https) that says who is signed in', async () => {
    const { res, setCookie, cookie } = await signIn(ANA);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'ana' });
    expect(setCookie).toMatch(/^pikaflow_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(/; Max-Age=2592000/); // 30 days by default
    expect(setCookie).not.toMatch(/; Secure/i); // plain http on loopback: a Secure cookie would never come back
    const me = await call('/api/session', { cookie });
    expect(await me.json()).toEqual({ accessControl: true, name: 'ana', via: 'cookie' });

    // Behind a TLS-terminating proxy the page is https: the cookie is then Secure.
    const proxied = await signIn(ANA, { 'x-forwarded-proto': 'https' });
    expect(proxied.setCookie).toMatch(/; Secure/i);
  });

  it('refuses a wrong token in words, sets no cookie, and a made-up cookie opens nothing', async () => {
    for (const token of ['ana-token-0123456788', ANA.slice(0, -1), '', 'has a space in it']) {
      const { res, setCookie } = await signIn(token);
      expect(res.status, token).toBe(401);
      expect(await res.json()).toEqual({ error: 'That token is not valid' });
      expect(setCookie).toBe('');
    }
    const forged = await call('/api/runs', { cookie: 'pikaflow_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(forged.status).toBe(401);
    expect((await call('/api/graphs')).status).toBe(401);
  });

  it('the cookie opens the API, the event stream and media; the run records who started it', async () => {
    const { cookie } = await signIn(ANA);
    const started = await call('/api/runs', { cookie, json: { graph: twoSteps() } });
    expect(started.status).toBe(201);
    const run = (await started.json()) as RunDetail;
    expect(run.createdBy).toBe('ana');

    const stream = await followWithCookie(run.id, cookie);
    expect(stream).toMatch(/run\.completed/);
    const done = (await (await call(`/api/runs/${run.id}`, { cookie })).json()) as RunDetail;
    expect(done.status).toBe('completed');
    const video = done.outputs.out;
    expect(video).toMatch(/^\/media\//);
    const media = await call(video!, { cookie });
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toMatch(/video/);
    expect((await call(video!)).status).toBe(401);

    const listed = (await (await call('/api/runs', { cookie })).json()) as RunSummary[];
    expect(listed.find((r) => r.id === run.id)?.createdBy).toBe('ana');
  });

  it('signing out ends the session on the server: the same cookie, sent again, opens nothing', async () => {
    const { cookie } = await signIn(BEN);
    expect((await call('/api/graphs', { cookie })).status).toBe(200);
    const out = await call('/api/session', { cookie, method: 'DELETE' });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^pikaflow_session=;.*Max-Age=0/);
    // A copy of the cookie kept from before (another tab, a stolen copy) is refused too.
    expect((await call('/api/graphs', { cookie })).status).toBe(401);
    expect((await call(`/api/session`, { cookie })).status).toBe(401);
  });

  it('an expired session is refused', async () => {
    const { cookie } = await signIn(BEN);
    expect((await call('/api/graphs', { cookie })).status).toBe(200);
    h.server.store.db.prepare('UPDATE sessions SET expires_at = ?').run(new Date(Date.now() - 1000).toISOString());
    expect((await call('/api/graphs', { cookie })).status).toBe(401);
  });

  it("a session ends when its person's token is taken out of the configuration", async () => {
    const { cookie } = await signIn(BEN);
    // The same database served with ben's token removed (as after a restart with a shorter ACCESS_TOKENS).
    const without = createApp({
      engine: h.server.engine,
      fal: h.server.fal,
      config: { localEngine: true, canPreview: false, submitPolicy: 'ask', version: 't' },
      accessTokens: [{ name: 'ana', token: ANA }],
    });
    expect((await without.request('/api/graphs', { headers: { cookie } })).status).toBe(401);
    expect((await call('/api/graphs', { cookie })).status).toBe(401); // forgotten, not just refused there
  });

  it('a cross-site POST carrying the cookie is refused, and so is a cookie POST that names no page', async () => {
    const { cookie } = await signIn(ANA);
    const before = ((await (await call('/api/graphs', { cookie })).json()) as GraphSummary[]).length;
    const body = { name: 'Planted', graph: twoSteps() };
    const foreign = await call('/api/graphs', { cookie, json: body, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: string }).error).toMatch(/Cross-site request from https:\/\/evil/);
    const form = await fetch(`${origin}/api/uploads`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x--\r\n',
    });
    expect(form.status).toBe(403);
    const bare = await fetch(`${origin}/api/graphs`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(bare.status).toBe(403);
    // Signing in from a foreign page (login CSRF) is refused as well.
    expect((await signIn(ANA, { origin: 'https://evil.example' })).res.status).toBe(403);
    expect(((await (await call('/api/graphs', { cookie })).json()) as GraphSummary[]).length).toBe(before);
    // A script's Bearer token needs no Origin (it is not a browser credential).
    const script = await fetch(`${origin}/api/graphs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'By script', graph: twoSteps() }),
    });
    expect(script.status).toBe(201);
    expect(((await script.json()) as StoredGraph).createdBy).toBe('ben');
  });

  it('each template version, template run and batch records who made it', async () => {
    const ana = (await signIn(ANA)).cookie;
    const ben = (await signIn(BEN)).cookie;
    const g = { ...twoSteps(), inputs: [{ name: 'seed', node: 't', param: 'seed' }] };
    const made = (await (
      await call('/api/graphs', { cookie: ben, json: { name: 'Lanterns', graph: g } })
    ).json()) as StoredGraph;
    expect(made.createdBy).toBe('ben');
    const saved = await call(`/api/graphs/${made.id}`, {
      cookie: ana,
      method: 'PUT',
      json: { name: 'Lanterns', graph: g, baseVersion: 1 },
    });
    expect(((await saved.json()) as StoredGraph).createdBy).toBe('ana');
    const list = (await (await call('/api/graphs', { cookie: ben })).json()) as GraphSummary[];
    expect(list.find((t) => t.id === made.id)?.createdBy).toBe('ana'); // the current version's author
    const versions = (await (await call(`/api/graphs/${made.id}/versions`, { cookie: ben })).json()) as {
      createdBy?: string;
    }[];
    expect(versions.map((v) => v.createdBy)).toEqual(['ana', 'ben']);

    const single = await call(`/api/templates/${made.id}/runs`, { cookie: ben, json: { inputs: { seed: 8 } } });
    expect(((await single.json()) as RunDetail).createdBy).toBe('ben');
    const batch = await call(`/api/templates/${made.id}/batches`, { cookie: ana, json: { rows: [{ seed: 9 }] } });
    const detail = (await batch.json()) as BatchDetail;
    expect(detail.createdBy).toBe('ana');
    const item = (await (await call(`/api/runs/${detail.runs[0]!.runId}`, { cookie: ana })).json()) as RunDetail;
    expect(item.createdBy).toBe('ana');
    // ACCESS_TOKEN alone is "owner", as a Bearer token.
    const owner = await fetch(`${origin}/api/runs`, {
      method: 'POST',
      headers: { authorization: 'Bearer owner-token-000000', 'content-type': 'application/json' },
      body: JSON.stringify({ graph: twoSteps() }),
    });
    expect(((await owner.json()) as RunDetail).createdBy).toBe('owner');
  });
});
