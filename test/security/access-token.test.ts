import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { createApp } from '../../server/app.ts';
import { accessToken } from '../../server/http/access-token.ts';
import { loadEnv } from '../../server/env.ts';
import { harness, tmpDir, type Harness } from '../server/helpers.ts';
import { runToExit, spawnServer, startChildServer } from '../reliability/child-server.ts';

/** Loopback by default; elsewhere only with an access token, which then guards every API route and the event stream. */
describe('binding', () => {
  it('binds loopback when HOST is not set', async () => {
    expect(loadEnv({}).HOST).toBe('127.0.0.1');
    const h = await harness();
    try {
      expect(new URL(h.server.url).hostname).toBe('127.0.0.1');
    } finally {
      await h.close();
    }
    const dir = await tmpDir();
    const { url, child } = await startChildServer({ PORT: '0', DATA_DIR: dir });
    child.kill('SIGTERM');
    await runToExit(child);
    await rm(dir, { recursive: true, force: true });
    expect(new URL(url).hostname).toBe('127.0.0.1');
  });

  it('refuses to start on a non-loopback HOST without ACCESS_TOKEN, saying why', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      const { code, out } = await runToExit(
        spawnServer({ HOST: host, PORT: '0', DATA_DIR: '/nonexistent-never-created' }),
      );
      expect(code, out).not.toBe(0);
      expect(out).toMatch(/ACCESS_TOKEN/);
      expect(out).not.toMatch(/listening on/);
    }
  });
});

describe('with an access token', () => {
  const TOKEN = 'sesame-0123456789';
  let h: Harness;
  let runId = '';
  beforeAll(async () => {
    h = await harness({ server: { accessToken: TOKEN } });
    const res = await fetch(`${h.server.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        graph: {
          version: 1,
          nodes: [
            { id: 'p', type: 'prompt', data: { params: { text: 'hi' } } },
            { id: 'o', type: 'output' },
          ],
          edges: [{ id: 'e', source: 'p', sourceHandle: 'text', target: 'o', targetHandle: 'in' }],
        },
      }),
    });
    runId = ((await res.json()) as RunDetail).id;
  });
  afterAll(async () => h?.close());

  it('every API and media route answers 401 without it (or with a wrong one)', async () => {
    // The route table itself, so a route added later is covered without editing this test.
    const app = createApp({
      engine: h.server.engine,
      fal: h.server.fal,
      config: { localEngine: true, canPreview: false, submitPolicy: 'ask', version: 't' },
      accessToken: TOKEN,
    });
    const routes = app.routes.filter(
      (r) => /^\/(api|media)\//.test(r.path) && r.method !== 'ALL' && r.path !== '/api/fal/webhook',
    );
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      const path = r.path.replace(/:(\w+)\{[^}]*\}|:(\w+)/g, 'x').replace('*', 'x');
      for (const headers of <Record<string, string>[]>[
        {},
        { authorization: 'Bearer wrong-token-000' },
        { authorization: TOKEN.slice(0, -1) },
      ]) {
        const res = await fetch(h.server.url + path, { method: r.method, headers });
        expect(res.status, `${r.method} ${path}`).toBe(401);
        expect(((await res.json()) as { error: string }).error).toMatch(/token/i);
      }
    }
  });

  it('the event stream needs it too (header or ?token=), and works with it', async () => {
    // Poll with the token until the run is finished (bounded: 100 × 50 ms).
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${h.server.url}/api/runs/${runId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      if (((await r.json()) as RunDetail).status === 'completed') break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    expect((await fetch(`${h.server.url}/api/runs/${runId}/events`)).status).toBe(401);
    expect((await fetch(`${h.server.url}/api/runs/${runId}/events?token=nope`)).status).toBe(401);
    const ok = await fetch(`${h.server.url}/api/runs/${runId}/events?token=${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/run\.completed/);
    const viaHeader = await fetch(`${h.server.url}/api/runs/${runId}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(viaHeader.status).toBe(200);
  });

  it('the scheme is case-insensitive; a 401 carries a Bearer challenge; a header, when sent, is what counts', async () => {
    const url = `${h.server.url}/api/runs/${runId}`;
    expect((await fetch(url, { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
    const refused = await fetch(url, { headers: { authorization: 'Bearer wrong-token-000' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer /);
    // A wrong header is not rescued by a right ?token= (nor the reverse): one credential per request, as before.
    expect(
      (await fetch(`${url}?token=${TOKEN}`, { headers: { authorization: 'Bearer wrong-token-000' } })).status,
    ).toBe(401);
    expect((await fetch(`${url}?token=wrong`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    // Media, like the event stream, may carry it as ?token= (a <video src> cannot send a header).
    expect((await fetch(`${h.server.url}/media/none.mp4?token=wrong`)).status).toBe(401);
    expect((await fetch(`${h.server.url}/media/none.mp4?token=${TOKEN}`)).status).not.toBe(401);
  });

  it("fal's webhook stays open: it cannot carry our token", async () => {
    const res = await fetch(`${h.server.url}/api/fal/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ request_id: 'unknown-id' }),
    });
    expect(res.status).toBe(200);
  });

  it('a token that an Authorization header cannot carry is refused at start, saying why', () => {
    expect(() => accessToken('has a space 123')).toThrow(/ACCESS_TOKEN may only use letters, digits/);
    expect(() => accessToken('abc.DEF_123-~+/==')).not.toThrow();
  });
});
