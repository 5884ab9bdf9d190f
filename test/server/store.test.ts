import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.ts';
import { graph, tmpDir } from './helpers.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// What every store kind does (graphs, runs, events, cache, receipts, sessions, reopening) is in test/store/; this file
// keeps what only the SQLite file does.
it('creates the SQLite file on first open, in WAL mode', async () => {
  dir = await tmpDir('store-');
  const a = openStore(dir);
  expect(a.kind).toBe('sqlite');
  expect(existsSync(join(dir, 'pikaflow.db'))).toBe(true);
  expect(a.db.pragma('journal_mode', { simple: true })).toBe('wal');
  a.close();
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
