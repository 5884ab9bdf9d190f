import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredGraph } from '../../shared/api.ts';
import { loadEnv } from '../../server/env.ts';
import { createLocalFalClient } from '../../server/local-fal/index.ts';
import { runFfmpeg } from '../../server/media/ffmpeg.ts';
import { graph, harness, tmpDir, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h?.close());

const g1 = graph([['t', 'pika-turbo-text-to-video', { prompt: 'one' }]], []);
const g2 = graph([['t', 'pika-turbo-text-to-video', { prompt: 'two' }]], []);

describe('graphs API', () => {
  it('creates, lists, updates with a version check, keeps versions, deletes', async () => {
    const created = await h.api<StoredGraph>('/api/graphs', { json: { name: 'My flow', graph: g1 } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.version).toBe(1);
    const list = await h.api<StoredGraph[]>('/api/graphs');
    expect(list.body.map((g) => g.id)).toContain(id);
    const upd = await h.api<StoredGraph>(`/api/graphs/${id}`, {
      method: 'PUT',
      json: { name: 'My flow', graph: g2, baseVersion: 1 },
    });
    expect(upd.status).toBe(200);
    expect(upd.body.version).toBe(2);
    const stale = await h.api<{ error: string }>(`/api/graphs/${id}`, {
      method: 'PUT',
      json: { name: 'x', graph: g1, baseVersion: 1 },
    });
    expect(stale.status).toBe(409);
    const versions = await h.api<{ version: number }[]>(`/api/graphs/${id}/versions`);
    expect(versions.body.map((v) => v.version)).toEqual([2, 1]);
    const v1 = await h.api<StoredGraph>(`/api/graphs/${id}/versions/1`);
    expect(v1.body.graph.nodes[0].data.params.prompt).toBe('one');
    expect((await h.api(`/api/graphs/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.api(`/api/graphs/${id}`)).status).toBe(404);
  });

  it('runs a stored graph by id and lists its runs', async () => {
    const created = await h.api<StoredGraph>('/api/graphs', { json: { name: 'stored', graph: g1 } });
    const run = await h.api<{ id: string; graphId: string }>('/api/runs', { json: { graphId: created.body.id } });
    expect(run.status).toBe(201);
    expect(run.body.graphId).toBe(created.body.id);
    const list = await h.api<{ id: string }[]>(`/api/runs?graphId=${created.body.id}`);
    expect(list.body.map((r) => r.id)).toEqual([run.body.id]);
    expect((await h.api('/api/runs', { json: { graphId: 'nope' } })).status).toBe(404);
  });

  it('bad bodies get 400s naming the field, never a 500', async () => {
    const noName = await h.api<{ problems: { field: string }[] }>('/api/graphs', { json: { name: '', graph: g1 } });
    expect(noName.status).toBe(400);
    expect(noName.body.problems[0].field).toBe('name');
    const neither = await h.api<{ problems: { field: string }[] }>('/api/runs', { json: {} });
    expect(neither.status).toBe(400);
    const validate = await h.api<{ ok: boolean; problems: { nodeId: string }[] }>('/api/validate', {
      json: { graph: graph([['x', 'nope']], []) },
    });
    expect(validate.body).toMatchObject({ ok: false, problems: [{ nodeId: 'x', code: 'unknown-type' }] });
    expect((await h.api('/api/config')).body).toMatchObject({ localEngine: true });
    expect((await h.api('/api/nothing')).status).toBe(404);
  });
});

describe('uploads and media', () => {
  it('keeps an upload by content (checked by content, named by its sha256) and serves it; nothing goes to fal yet', async () => {
    const dir = await tmpDir('upload-');
    const png = join(dir, 'a.png');
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc=s=320x180', '-frames:v', '1', png]);
    const form = new FormData();
    form.set('file', new Blob([await readFile(png)], { type: 'text/plain' }), 'a.txt');
    const res = await fetch(`${h.server.url}/api/uploads`, { method: 'POST', body: form });
    const body = (await res.json()) as { url: string; kind: string; mediaUrl: string };
    expect(res.status).toBe(201);
    expect(body.kind).toBe('image');
    const sha = createHash('sha256')
      .update(await readFile(png))
      .digest('hex');
    expect(body.url).toBe(`/media/${sha}.png`);
    expect(body.mediaUrl).toBe(body.url);
    const uploadsBefore = h.fal.counters.requests.upload ?? 0;
    const kept = await fetch(h.server.url + body.mediaUrl);
    expect(kept.headers.get('content-type')).toBe('image/png');
    expect(
      createHash('sha256')
        .update(Buffer.from(await kept.arrayBuffer()))
        .digest('hex'),
    ).toBe(sha);
    // Published only when a node consumes it (and then to whichever engine that run talks to).
    expect(h.fal.counters.requests.upload ?? 0).toBe(uploadsBefore);

    const fake = new FormData();
    fake.set('file', new Blob(['<html>not an image</html>'], { type: 'image/png' }), 'x.png');
    const refused = await fetch(`${h.server.url}/api/uploads`, { method: 'POST', body: fake });
    expect(refused.status).toBe(415);
  });

  it('a pasted URL is fetched once and kept by content; a private address or a non-media file is refused naming url', async () => {
    const dir = await tmpDir('paste-');
    const png = join(dir, 'b.png');
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc=s=160x90', '-frames:v', '1', png]);
    const bytes = await readFile(png);
    // The local engine's storage is the one origin this server may fetch from on loopback.
    const url = await createLocalFalClient(h.fal).storage.upload(new Blob([bytes], { type: 'image/png' }));
    const res = await h.api<{ url: string; kind: string; source: string }>('/api/uploads/url', { json: { url } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      url: `/media/${createHash('sha256').update(bytes).digest('hex')}.png`,
      kind: 'image',
      source: url,
    });
    const files0 = h.fal.counters.requests.files ?? 0;
    expect((await h.api('/api/uploads/url', { json: { url } })).status).toBe(201);
    expect(h.fal.counters.requests.files ?? 0).toBe(files0);

    const priv = await h.api<{ problems: { field: string }[] }>('/api/uploads/url', {
      json: { url: 'http://10.0.0.1/x.png' },
    });
    expect(priv.status).toBe(422);
    expect(priv.body.problems[0].field).toBe('url');
    const text = await createLocalFalClient(h.fal).storage.upload(new Blob(['hello'], { type: 'text/plain' }));
    expect((await h.api('/api/uploads/url', { json: { url: text } })).status).toBe(415);
  });

  it('media never escapes its folder', async () => {
    for (const p of [
      '/media/..%2Fpikaflow.db',
      '/media/%2e%2e/pikaflow.db',
      '/media/pikaflow.db',
      `/media/${'a'.repeat(64)}.mp4`,
    ])
      expect((await fetch(h.server.url + p)).status).toBe(404);
  });
});

describe('env', () => {
  it('fails fast on bad config and refuses an exposed server without a token', () => {
    expect(loadEnv({}).PORT).toBe(5174);
    expect(() => loadEnv({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadEnv({ HOST: '0.0.0.0' })).toThrow(/ACCESS_TOKEN/);
    expect(loadEnv({ HOST: '0.0.0.0', ACCESS_TOKEN: 'long-enough-token' }).HOST).toBe('0.0.0.0');
  });
});
