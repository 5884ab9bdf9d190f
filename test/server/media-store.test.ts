import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunDetail } from '../../shared/api.ts';
import { loadEnv } from '../../server/env.ts';
import { runFfmpeg } from '../../server/media/ffmpeg.ts';
import { directoryMediaStore } from '../../server/media-store/directory-store.ts';
import { optionsFromEnv } from '../../server/start-server.ts';
import { killHard, startChildServer } from '../reliability/child-server.ts';
import { graph, harness, tmpDir, waitRun } from './helpers.ts';

/**
 * Shared media (issue 14 point 4): servers with their own DATA_DIR and one MEDIA_DIR share every kept file, and
 * writers racing on the same content — in other processes — never expose a half-written file.
 */
const ROOT = join(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const fresh = async (prefix: string) => {
  const dir = await tmpDir(prefix);
  dirs.push(dir);
  return dir;
};

async function upload(base: string, bytes: Uint8Array, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'in.png');
  const res = await fetch(`${base}/api/uploads`, { method: 'POST', body: form, headers });
  expect(res.status).toBe(201);
  return ((await res.json()) as { url: string }).url;
}

async function pngBytes(dir: string, pattern = 'testsrc'): Promise<Uint8Array> {
  const file = join(dir, `${pattern}.png`);
  await runFfmpeg(['-f', 'lavfi', '-i', `${pattern}=s=320x180`, '-frames:v', '1', file]);
  return new Uint8Array(await readFile(file));
}

const keptNames = async (dir: string) => (await readdir(dir)).filter((n) => n !== 'runs').sort();

describe('two servers sharing one MEDIA_DIR', () => {
  it('an upload to one (a separate process, configured by env) is served and run by the other by its reference', async () => {
    const shared = await fresh('media-shared-');
    const dataA = await fresh('media-a-');
    const a = await startChildServer({ PORT: '0', DATA_DIR: dataA, MEDIA_DIR: shared, LOCAL_FAL_SPEED: '20' });
    const b = await harness({ server: { mediaDir: shared } });
    try {
      const png = await pngBytes(dataA);
      const ref = await upload(a.url, png);
      expect(ref).toMatch(/^\/media\/[a-f0-9]{64}\.png$/);
      expect(await keptNames(shared)).toEqual([ref.slice('/media/'.length)]);

      const res = await fetch(b.server.url + ref);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
      const part = await fetch(b.server.url + ref, { headers: { range: 'bytes=4-11' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 4-11/${png.length}`);
      expect(new Uint8Array(await part.arrayBuffer())).toEqual(png.subarray(4, 12));

      // B never saw this upload in its own database; the shared file is enough to run on it.
      const g = graph(
        [
          ['img', 'image', { url: ref }],
          ['i2v', 'pika-turbo-image-to-video', { prompt: 'slow zoom', seed: 1 }],
        ],
        [['img.image', 'i2v.image']],
      );
      const start = await b.api<RunDetail>('/api/runs', { json: { graph: g } });
      expect(start.status, JSON.stringify(start.body)).toBe(201);
      const done = await waitRun(b.server.url, start.body.id);
      expect(done.status, JSON.stringify(done.nodes)).toBe('completed');
      expect(done.nodes.img.outputs?.image).toBe(ref);
      // Its result is kept in the shared folder too, so A serves it.
      const video = done.nodes.i2v.outputs?.video as string;
      const fromA = await fetch(a.url + video);
      expect(fromA.status).toBe(200);
      expect(fromA.headers.get('content-type')).toBe('video/mp4');
      await fromA.arrayBuffer();
    } finally {
      await killHard(a.child);
      await b.close();
    }
  });

  it('the same content uploaded to both at once leaves one complete file', async () => {
    const shared = await fresh('media-shared-');
    const a = await harness({ server: { mediaDir: shared } });
    const b = await harness({ server: { mediaDir: shared } });
    try {
      const png = await pngBytes(a.dataDir, 'mandelbrot');
      const refs = await Promise.all([a, b, a, b, a, b].map((h) => upload(h.server.url, png)));
      expect(new Set(refs).size).toBe(1);
      expect(await keptNames(shared)).toEqual([refs[0].slice('/media/'.length)]);
      expect(new Uint8Array(await readFile(join(shared, refs[0].slice('/media/'.length))))).toEqual(png);
      // Nothing was kept in either data folder.
      for (const h of [a, b]) expect(await readdir(join(h.dataDir, 'media')).catch(() => [])).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

/** A line a child prints matching `re`; rejects if it exits first. */
function lineFrom(child: ChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => re.test(l));
      if (line) resolve(line);
    });
    child.on('exit', (code) => reject(new Error(`writer exited (${code}):\n${out}${err}`)));
  });
}

describe('writers in separate processes', () => {
  it('never expose a half-written file, and leave one complete file that is not rewritten later', async () => {
    const shared = await fresh('media-shared-');
    const work = await fresh('media-src-');
    const bytes = randomBytes(3 * 1024 * 1024);
    const src = join(work, 'clip.bin');
    await writeFile(src, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const name = `${sha}.mp4`;
    const server = await harness({ server: { mediaDir: shared } });
    const writers = [0, 1].map(() =>
      spawn(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'test/server/media-store-writer.ts'), shared, src, 'mp4'],
        {
          cwd: ROOT,
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      ),
    );
    try {
      const results = writers.map((w) => lineFrom(w, /^\{/));
      await Promise.all(writers.map((w) => lineFrom(w, /^started$/)));

      // Both writers hold half a file: it is under a temporary name only, and nothing serves it.
      const names = await readdir(shared);
      const temps = names.filter((n) => n.startsWith('.tmp-'));
      expect(temps).toHaveLength(2);
      expect(names).not.toContain(name);
      for (const t of temps) expect((await stat(join(shared, t))).size).toBe(bytes.length >> 1);
      expect(await directoryMediaStore(shared).has(sha, 'mp4')).toBe(false);
      expect((await fetch(`${server.server.url}/media/${name}`)).status).toBe(404);
      for (const t of temps) expect((await fetch(`${server.server.url}/media/${t}`)).status).toBe(404);

      for (const w of writers) w.stdin!.write('go\n');
      const kept = (await Promise.all(results)).map((l) => JSON.parse(l) as { ref: string; size: number });
      expect(kept.map((k) => k.ref)).toEqual([`/media/${name}`, `/media/${name}`]);
      expect(await readdir(shared)).toEqual([name]);
      const served = await fetch(`${server.server.url}/media/${name}`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);

      // Kept content is not written again, by bytes in hand or by a stream.
      const before = await stat(join(shared, name));
      const store = directoryMediaStore(shared);
      await store.put(new Uint8Array(bytes), 'mp4');
      await store.put(new Blob([new Uint8Array(bytes)]).stream(), 'mp4');
      const after = await stat(join(shared, name));
      expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
      expect(await readdir(shared)).toEqual([name]);
    } finally {
      for (const w of writers) await killHard(w);
      await server.close();
    }
  });
});

describe('configuration and caching', () => {
  it('MEDIA_DIR is read by the env parser, defaults to DATA_DIR/media, and is documented', async () => {
    expect(optionsFromEnv(loadEnv({ MEDIA_DIR: '/srv/pikaflow-media' })).mediaDir).toBe('/srv/pikaflow-media');
    expect(loadEnv({}).MEDIA_DIR).toBeUndefined();
    expect(loadEnv({ MEDIA_DIR: '' }).MEDIA_DIR).toBeUndefined();
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/^\| `MEDIA_DIR` +\| `DATA_DIR\/media`/m);

    const h = await harness();
    try {
      const ref = await upload(h.server.url, await pngBytes(h.dataDir));
      expect(await readdir(join(h.dataDir, 'media'))).toContain(ref.slice('/media/'.length));
    } finally {
      await h.close();
    }
  });

  it('with access control on, media is cached privately, never by a shared proxy', async () => {
    const token = 'media-token-123';
    const h = await harness({ server: { accessToken: token } });
    try {
      const auth = { authorization: `Bearer ${token}` };
      const ref = await upload(h.server.url, await pngBytes(h.dataDir), auth);
      expect((await fetch(h.server.url + ref)).status).toBe(401);
      const res = await fetch(h.server.url + ref, { headers: auth });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      await res.arrayBuffer();
    } finally {
      await h.close();
    }
  });
});
