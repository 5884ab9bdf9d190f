import { describe, expect, it } from 'vitest';
import { upgradeStoredGraph } from '../../shared/graph-migrate.ts';
import { StaleVersionError } from '../../server/store/graphs-store.ts';
import type { Store } from '../../server/store/index.ts';
import { MIGRATIONS } from '../../server/store/migrations.ts';
import { wholeNodePatch } from '../../server/store/runs-store.ts';
import { graph } from '../server/helpers.ts';
import { recordsContract } from './records-contract.ts';
import { sessionsContract } from './sessions-contract.ts';
import { at, type OpenStore, useStore } from './use-store.ts';

export type { OpenedStore, OpenStore } from './use-store.ts';

const g1 = graph([['p', 'prompt', { text: 'hi', n: 2.5, list: [1, 'two', null], deep: { a: { b: true } } }]], []);
const g2 = graph(
  [
    ['p', 'prompt', { text: 'bye' }],
    ['q', 'prompt', { text: 'é ✓ "quoted" ? $1' }],
  ],
  [],
);
const stored = (g: typeof g1) => upgradeStoredGraph(structuredClone(g));

/**
 * Everything the engine and the routes ask of a store, for both kinds (test/store/sqlite.test.ts and
 * postgres.test.ts): values come back exactly as written (numbers as numbers, JSON equal, unset fields absent).
 */
export function storeContract(kind: Store['kind'], open: OpenStore) {
  describe(`store contract (${kind})`, () => {
    const { s, opened } = useStore(open);

    it('says which kind of database it is', () => {
      expect(s().kind).toBe(kind);
    });

    it('saves templates as versions, refuses a save based on an old version, and lists newest first', () => {
      const a = s().graphs.create('first', g1, 'ana');
      expect(a).toMatchObject({ name: 'first', version: 1, nodeCount: 1, createdBy: 'ana' });
      expect(s().graphs.get(a.id)).toEqual({ ...a, graph: stored(g1) });

      const b = s().graphs.update(a.id, 'renamed', g2, 1)!;
      expect(b).toMatchObject({ version: 2, name: 'renamed', nodeCount: 2 });
      expect(b.createdBy).toBeUndefined();
      expect(s().graphs.get(a.id)!.graph).toEqual(stored(g2));
      const stale = (() => {
        try {
          s().graphs.update(a.id, 'x', g1, 1);
        } catch (err) {
          return err;
        }
      })();
      expect(stale).toBeInstanceOf(StaleVersionError);
      expect((stale as StaleVersionError).current).toBe(2);
      expect(s().graphs.update('missing', 'x', g1, 1)).toBeUndefined();

      expect(s().graphs.versions(a.id)).toEqual([
        { version: 2, name: 'renamed', createdAt: b.updatedAt, nodeCount: 2 },
        { version: 1, name: 'first', createdAt: a.updatedAt, nodeCount: 1, createdBy: 'ana' },
      ]);
      expect(s().graphs.version(a.id, 1)).toMatchObject({ version: 1, name: 'first', graph: stored(g1) });
      expect(s().graphs.version(a.id, 3)).toBeUndefined();

      at('2026-03-01T10:00:01.000Z');
      const c = s().graphs.create('second', g1);
      const list = s().graphs.list((id) => (id === c.id ? '/media/x.png' : undefined));
      expect(list.map((r) => [r.id, r.version, r.preview])).toEqual([
        [c.id, 1, '/media/x.png'],
        [a.id, 2, undefined],
      ]);
      expect(typeof list[1].version).toBe('number');
    });

    it('deletes a template with its versions', () => {
      const a = s().graphs.create('gone', g1);
      s().graphs.update(a.id, 'gone', g2, 1);
      expect(s().graphs.delete(a.id)).toBe(true);
      expect(s().graphs.delete(a.id)).toBe(false);
      expect(s().graphs.get(a.id)).toBeUndefined();
      expect(s().graphs.versions(a.id)).toEqual([]);
    });

    it('creates runs with pending nodes and keeps their options exactly', () => {
      const options = { salts: { p: 'x1' }, only: ['p'], engine: 'local' as const, resubmit: ['q'] };
      const run = s().runs.create({ id: 'r1', graphId: 'g', graph: g2, options, createdBy: 'ben' }, ['p', 'q']);
      expect(s().runs.get('r1')).toEqual({ ...run, graph: stored(g2), endedAt: undefined });
      expect(run).toMatchObject({ status: 'queued', cost: 0 });
      s().runs.create({ id: 'r2', graph: g1, options: { salts: {} } }, ['p']);
      expect(s().runs.get('r2')).toMatchObject({ graphId: undefined, createdBy: undefined, cost: 0 });
      expect(s().runs.nodes('r1')).toEqual([
        { nodeId: 'p', state: 'pending', attempt: 0 },
        { nodeId: 'q', state: 'pending', attempt: 0 },
      ]);
      expect(s().runs.get('nope')).toBeUndefined();
      // An id is a run's identity: a second create with it fails and leaves the first untouched.
      expect(() => s().runs.create({ id: 'r1', graph: g1, options: { salts: {} } }, ['z'])).toThrow();
      expect(
        s()
          .runs.nodes('r1')
          .map((n) => n.nodeId),
      ).toEqual(['p', 'q']);
    });

    it("keeps a run's cancel request, the first one's time, for whoever takes the run up next", () => {
      s().runs.create({ id: 'c1', graph: g1, options: { salts: {} } }, ['p']);
      expect(s().runs.get('c1')!.cancelRequestedAt).toBeUndefined();
      at('2026-03-01T10:00:05.000Z');
      s().runs.requestCancel('c1');
      at('2026-03-01T10:00:09.000Z');
      s().runs.requestCancel('c1');
      expect(s().runs.get('c1')!.cancelRequestedAt).toBe('2026-03-01T10:00:05.000Z');
    });

    it('lists runs by template, newest first, and the unfinished ones oldest first', () => {
      for (const [i, id] of ['a', 'b', 'c'].entries()) {
        at(`2026-03-01T10:00:0${i}.000Z`);
        s().runs.create({ id, graphId: id === 'c' ? 'other' : 'g', graph: g1, options: { salts: {} } }, ['p']);
      }
      s().runs.record('b', 1, { type: 'run.completed', outputs: {}, cost: 0 }, { run: { status: 'completed' } });
      expect(
        s()
          .runs.list({ graphId: 'g' })
          .map((r) => r.id),
      ).toEqual(['b', 'a']);
      expect(
        s()
          .runs.list({ limit: 2 })
          .map((r) => r.id),
      ).toEqual(['c', 'b']);
      expect(
        s()
          .runs.unfinished()
          .map((r) => r.id),
      ).toEqual(['a', 'c']);
      s().runs.record('c', 1, { type: 'run.started', nodes: ['p'] }, { run: { status: 'running' } });
      // Counted as numbers on both stores (Postgres answers COUNT as a bigint).
      expect(s().runs.unfinishedCounts()).toEqual({ queued: 1, running: 1 });
    });

    it("adopts runs that have no template into a new one, never another template's", () => {
      s().runs.create({ id: 'u1', graph: g1, options: { salts: {} } }, ['p']);
      s().runs.create({ id: 'u2', graph: g1, options: { salts: {} } }, ['p']);
      s().runs.create({ id: 'o1', graphId: 'other', graph: g1, options: { salts: {} } }, ['p']);
      expect(s().runs.adopt('g', ['u1', 'o1', 'missing', 'u1'])).toEqual(['o1', 'missing']);
      expect(s().runs.get('u1')!.graphId).toBe('g');
      expect(s().runs.get('o1')!.graphId).toBe('other');
      // Adopting again what it already has is no refusal; a run of `g` is then not free for `h`.
      expect(s().runs.adopt('g', ['u1', 'u2'])).toEqual([]);
      expect(s().runs.adopt('h', ['u2'])).toEqual(['u2']);
      expect(
        s()
          .runs.list({ graphId: 'g' })
          .map((r) => r.id)
          .sort(),
      ).toEqual(['u1', 'u2']);
    });

    it('runs nested transactions as savepoints: an inner failure undoes only the inner part', () => {
      const db = s().db;
      const add = (seq: number) => db.prepare("INSERT INTO events (run_id, seq, json) VALUES ('t', ?, '{}')").run(seq);
      db.transaction(() => {
        add(1);
        expect(() =>
          db.transaction(() => {
            add(2);
            add(1);
          })(),
        ).toThrow();
        add(3);
      })();
      expect(
        s()
          .runs.events('t')
          .map((e) => e),
      ).toHaveLength(2);
      expect(db.prepare("SELECT seq FROM events WHERE run_id = 't' ORDER BY seq").pluck().all()).toEqual([1, 3]);
      expect(() =>
        db.transaction(() => {
          add(4);
          throw new Error('changed my mind');
        })(),
      ).toThrow('changed my mind');
      expect(s().runs.lastSeq('t')).toBe(3);
    });

    it('keeps everything across a restart and migrates only once', () => {
      const a = s().graphs.create('kept', g1);
      s().runs.create({ id: 'r1', graph: g1, options: { salts: {} } }, ['p']);
      s().runs.record('r1', 1, { type: 'run.queued' });
      s().runs.patchNode('r1', 'p', wholeNodePatch({ state: 'queued', requestId: 'req-1', attempt: 1 }));
      const again = opened().reopen();
      expect(again.db.prepare('SELECT COUNT(*) FROM migrations').pluck().get()).toBe(MIGRATIONS.length);
      expect(again.graphs.get(a.id)?.name).toBe('kept');
      expect(again.runs.lastSeq('r1')).toBe(1);
      expect(again.runs.nodeByRequestId('req-1')).toEqual({ runId: 'r1', nodeId: 'p' });
    });
  });
  recordsContract(kind, open);
  sessionsContract(kind, open);
}
