import { rm } from 'node:fs/promises';
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.ts';
import { MIGRATIONS } from '../../server/store/migrations.ts';
import { StaleVersionError } from '../../server/store/graphs-store.ts';
import { graph, tmpDir } from './helpers.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('creates the database on first open, migrates once, and keeps everything across reopen', async () => {
  dir = await tmpDir('store-');
  const a = openStore(dir);
  const g = a.graphs.create('x', graph([['p', 'prompt', { text: 'hi' }]], []));
  a.runs.create({ id: 'r1', graph: g.graph, options: { salts: {} } }, ['p']);
  a.runs.record('r1', 1, { type: 'run.queued' });
  a.runs.record(
    'r1',
    2,
    { type: 'node.submitted', nodeId: 'p', requestId: 'req-1', endpoint: 'e' },
    { node: { state: 'queued', requestId: 'req-1', endpoint: 'e', attempt: 1 } },
  );
  a.cache.put('fp', 'prompt', { text: 'hi' }, 0);
  a.close();

  const b = openStore(dir);
  expect(b.db.prepare('SELECT COUNT(*) FROM migrations').pluck().get()).toBe(MIGRATIONS.length);
  expect(b.graphs.get(g.id)?.graph.nodes[0].id).toBe('p');
  expect(() => b.graphs.update(g.id, 'x', g.graph, 7)).toThrow(StaleVersionError);
  expect(b.runs.unfinished().map((r) => r.id)).toEqual(['r1']);
  expect(b.runs.nodes('r1')[0]).toMatchObject({ state: 'queued', requestId: 'req-1', attempt: 1 });
  expect(b.runs.nodeByRequestId('req-1')).toEqual({ runId: 'r1', nodeId: 'p' });
  expect(b.runs.events('r1', 1).map((e) => e.seq)).toEqual([2]);
  expect(b.cache.get('fp')).toEqual({ outputs: { text: 'hi' }, cost: 0 });
  expect(b.db.pragma('journal_mode', { simple: true })).toBe('wal');
  b.close();
});

it('rewrites stored graphs that hold a URL we kept a copy of to the file reference (data folders from before media was content)', async () => {
  dir = await tmpDir('store-');
  const a = openStore(dir);
  const file = `${'a'.repeat(64)}.png`;
  const dead = 'http://127.0.0.1:41234/files/tok/upload.png';
  a.media.put(dead, file, 'image/png', 10);
  const g = a.graphs.create(
    'old',
    graph(
      [
        ['img', 'image', { url: dead }],
        ['other', 'image', { url: 'https://example.com/never-fetched.png' }],
      ],
      [],
    ),
  );
  // As if this folder predates migration 4.
  a.db.prepare('DELETE FROM migrations WHERE version = 4').run();
  a.close();
  const b = openStore(dir);
  const nodes = b.graphs.get(g.id)!.graph.nodes;
  expect(nodes.find((n) => n.id === 'img')!.data.params.url).toBe(`/media/${file}`);
  expect(nodes.find((n) => n.id === 'other')!.data.params.url).toBe('https://example.com/never-fetched.png');
  b.close();
});
