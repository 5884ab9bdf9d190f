import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { createApp } from '../../server/app.ts';
import { accessToken, tokenBook, tokensFromEnv } from '../../server/http/access-token.ts';
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
      (r) =>
        /^\/(api|media)\//.test(r.path) &&
        r.method !== 'ALL' &&
        r.path !== '/api/fal/webhook' &&
        // Signing in is how a token becomes a session: open by design (test/security/sign-in.test.ts).
        !(r.method === 'POST' && r.path === '/api/session'),
    );
    expect(routes.length).toBeGreaterThan(15);
    for (const [i, r] of routes.entries()) {
      const path = r.path.replace(/:(\w+)\{[^}]*\}|:(\w+)/g, 'x').replace('*', 'x');
      // Each route's guess from its own address (a loopback proxy's X-Forwarded-For): this many wrong tokens from one
      // address would be answered 429 after 30 (test/security/bearer-limit.test.ts), which is not what is tested here.
      const from = { 'x-forwarded-for': `203.0.113.${i}` };
      for (const headers of <Record<string, string>[]>[
        {},
        { ...from, authorization: 'Bearer wrong-token-000' },
        { ...from, authorization: TOKEN.slice(0, -1) },
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

describe('one token per person', () => {
  it('ACCESS_TOKENS and ACCESS_TOKENS_FILE name each token; ACCESS_TOKEN alone is "owner"; either opens a non-loopback HOST', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'tokens');
    await writeFile(file, '# the studio\ncara: cara-token-777777\n\n  dev-bot:bot.token_~+/0==\n');
    try {
      const env = loadEnv({
        HOST: '0.0.0.0',
        ACCESS_TOKEN: 'owner-token-000',
        ACCESS_TOKENS: 'ana:ana-token-111111, ben:ben-token-222222',
        ACCESS_TOKENS_FILE: file,
      });
      expect(tokensFromEnv(env).tokens).toEqual([
        { name: 'owner', token: 'owner-token-000' },
        { name: 'ana', token: 'ana-token-111111' },
        { name: 'ben', token: 'ben-token-222222' },
        { name: 'cara', token: 'cara-token-777777' },
        { name: 'dev-bot', token: 'bot.token_~+/0==' },
      ]);
      expect(loadEnv({ HOST: '0.0.0.0', ACCESS_TOKENS_FILE: file }).HOST).toBe('0.0.0.0');
      expect(loadEnv({ SESSION_DAYS: '7' }).SESSION_DAYS).toBe(7);
      expect(loadEnv({}).SESSION_DAYS).toBe(30);

      // A started server takes them from the environment: each person's token works as a Bearer token.
      const { url, child } = await startChildServer({ PORT: '0', DATA_DIR: dir, ACCESS_TOKENS_FILE: file });
      try {
        const as = (token: string) => fetch(`${url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
        expect(await (await as('cara-token-777777')).json()).toMatchObject({ name: 'cara', via: 'bearer' });
        expect(await (await as('bot.token_~+/0==')).json()).toMatchObject({ name: 'dev-bot' });
        expect((await as('cara-token-77777')).status).toBe(401);
      } finally {
        child.kill('SIGTERM');
        await runToExit(child);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a bad list stops the server, naming every bad entry', () => {
    const bad = () =>
      loadEnv({
        ACCESS_TOKEN: 'owner-token-000',
        ACCESS_TOKENS: 'ana,ben:short,owner:another-token-1,cara:has space token, dan:owner-token-000',
        ACCESS_TOKENS_FILE: '/nonexistent/tokens',
      });
    expect(bad).toThrow(/ACCESS_TOKENS entry 1: write it as name:token/);
    expect(bad).toThrow(/entry 2 \(ben\): a token is 8\+ letters/);
    expect(bad).toThrow(/the name "owner" is given twice/);
    expect(bad).toThrow(/entry 4 \(cara\): a token is 8\+/);
    expect(bad).toThrow(/the token of "dan" is also someone else's/);
    expect(bad).toThrow(/ACCESS_TOKENS_FILE: cannot read \/nonexistent\/tokens \(ENOENT\)/);
  });

  it('names whose token it is, and only for the whole token', () => {
    const who = tokenBook([
      { name: 'ana', token: 'ana-token-111111' },
      { name: 'ben', token: 'ben-token-222222' },
    ]);
    expect(who('ana-token-111111')).toBe('ana');
    expect(who('ben-token-222222')).toBe('ben');
    for (const wrong of ['ana-token-11111', 'ana-token-1111111', '', 'ANA-TOKEN-111111'])
      expect(who(wrong)).toBeUndefined();
  });
});
