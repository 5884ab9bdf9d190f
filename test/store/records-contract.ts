import { describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.ts';
import { wholeNodePatch } from '../../server/store/runs-store.ts';
import { graph } from '../server/helpers.ts';
import { at, type OpenStore, useStore } from './use-store.ts';

const g = graph([['p', 'prompt', { text: 'hi' }]], []);
const outputs = { value: '/media/abc.png', text: 'naïve "quote"' };

/** The store contract, continued: the event log, the cache, media, published files, batches and fal receipts. */
export function recordsContract(kind: Store['kind'], open: OpenStore) {
  describe(`store contract: records (${kind})`, () => {
    const { s } = useStore(open);

    it('records events with the state they imply, replays them from any point, and clears what the reducer cleared', () => {
      s().runs.create({ id: 'r', graph: g, options: { salts: {} } }, ['p']);
      expect(s().runs.lastSeq('r')).toBe(0);
      expect(s().runs.events('r')).toEqual([]);
      const e1 = s().runs.record('r', 1, { type: 'run.started', nodes: ['p'] }, { run: { status: 'running' } });
      expect(e1).toEqual({ type: 'run.started', nodes: ['p'], seq: 1, runId: 'r', at: '2026-03-01T10:00:00.000Z' });
      const failed = { kind: 'fal' as const, message: 'boom', field: 'prompt' };
      const takes = [{ state: 'done' as const, outputs, cost: 0.1, requestId: 'req-t' }];
      s().runs.record(
        'r',
        2,
        { type: 'node.failed', nodeId: 'p', kind: 'fal', message: 'boom' },
        { node: { state: 'failed', error: failed, cost: 0.1 + 0.2, position: 3, takes, estimate: 1.25 } },
      );
      expect(s().runs.nodes('r')).toEqual([
        {
          nodeId: 'p',
          state: 'failed',
          attempt: 0,
          error: failed,
          cost: 0.1 + 0.2,
          position: 3,
          takes,
          estimate: 1.25,
        },
      ]);
      // A retry: the whole state is written again, so the old error and position are gone.
      s().runs.record(
        'r',
        3,
        { type: 'node.completed', nodeId: 'p', outputs, cost: 0.3, ms: 5 },
        {
          node: wholeNodePatch({ state: 'done', outputs, cost: 0.3, attempt: 2, fingerprint: 'fp', requestId: 'req' }),
        },
      );
      at('2026-03-01T10:00:05.000Z');
      s().runs.record(
        'r',
        4,
        { type: 'run.completed', outputs: { p: outputs }, cost: 0.3 },
        {
          run: { status: 'completed', cost: 0.3 },
        },
      );
      expect(s().runs.nodes('r')).toEqual([
        { nodeId: 'p', state: 'done', outputs, cost: 0.3, attempt: 2, fingerprint: 'fp', requestId: 'req' },
      ]);
      expect(s().runs.get('r')).toMatchObject({ status: 'completed', cost: 0.3, endedAt: '2026-03-01T10:00:05.000Z' });
      expect(s().runs.lastSeq('r')).toBe(4);
      expect(
        s()
          .runs.events('r', 2)
          .map((e) => e.seq),
      ).toEqual([3, 4]);
      expect(s().runs.events('r')[2]).toEqual({
        type: 'node.completed',
        nodeId: 'p',
        outputs,
        cost: 0.3,
        ms: 5,
        seq: 3,
        runId: 'r',
        at: '2026-03-01T10:00:00.000Z',
      });
      expect(s().runs.requestIdFor('fp')).toBe('req');
      expect(s().runs.requestIdFor('other')).toBeUndefined();
      expect(s().runs.nodeByRequestId('req')).toEqual({ runId: 'r', nodeId: 'p' });
      expect(s().runs.nodeByRequestId('nope')).toBeUndefined();
    });

    it('stores nothing of an event whose number is already taken (state and event land together or not at all)', () => {
      s().runs.create({ id: 'r', graph: g, options: { salts: {} } }, ['p']);
      s().runs.record('r', 1, { type: 'node.started', nodeId: 'p' }, { node: { state: 'running' } });
      expect(() =>
        s().runs.record(
          'r',
          1,
          { type: 'node.cancelled', nodeId: 'p' },
          {
            node: { state: 'cancelled' },
            run: { status: 'cancelled' },
          },
        ),
      ).toThrow();
      expect(s().runs.nodes('r')[0].state).toBe('running');
      expect(s().runs.get('r')!.status).toBe('queued');
      expect(
        s()
          .runs.events('r')
          .map((e) => e.type),
      ).toEqual(['node.started']);
      // The store is still usable after the refused write.
      s().runs.record('r', 2, { type: 'node.cancelled', nodeId: 'p' }, { node: { state: 'cancelled' } });
      expect(s().runs.lastSeq('r')).toBe(2);
    });

    it('keeps cached results, kept media and published files, and overwrites them in place', () => {
      expect(s().cache.get('fp')).toBeUndefined();
      expect(s().cache.has('fp')).toBe(false);
      s().cache.put('fp', 'prompt', { text: 'one' }, 0, 'local');
      s().cache.put('fp', 'prompt', outputs, 0.07, 'fal');
      expect(s().cache.get('fp')).toEqual({ outputs, cost: 0.07 });
      expect(s().cache.has('fp')).toBe(true);

      expect(s().media.fileFor('https://x/a.png')).toBeUndefined();
      s().media.put('https://x/a.png', 'old.png', undefined, 1);
      s().media.put('https://x/a.png', 'new.png', 'image/png', 3_000_000_000);
      expect(s().media.fileFor('https://x/a.png')).toBe('new.png');
      expect(s().db.prepare('SELECT size, content_type FROM media').get()).toEqual({
        size: 3_000_000_000,
        content_type: 'image/png',
      });

      s().published.put('f.png', 'fal', 'https://one');
      at('2026-03-01T11:00:00.000Z');
      s().published.put('f.png', 'fal', 'https://two');
      s().published.put('f.png', 'local:x', 'http://three');
      expect(s().published.get('f.png', 'fal')).toEqual({ url: 'https://two', createdAt: '2026-03-01T11:00:00.000Z' });
      s().published.forget('f.png', 'fal');
      expect(s().published.get('f.png', 'fal')).toBeUndefined();
      expect(s().published.get('f.png', 'local:x')?.url).toBe('http://three');
    });

    it('keeps batches with their plan and runs in item order, newest first', () => {
      const plan = { count: 2, cachedItems: 0, submissions: 2, total: 0.5, includesGuesses: false, items: [] };
      const a = s().batches.create({ id: 'b1', graphId: 'g', plan, runIds: ['r2', 'r1'], createdBy: 'ana' });
      at('2026-03-01T10:00:01.000Z');
      s().batches.create({ id: 'b2', graphId: 'g', plan, runIds: [] });
      expect(s().batches.get('b1')).toEqual(a);
      expect(s().batches.get('b2')!.createdBy).toBeUndefined();
      expect(s().batches.get('nope')).toBeUndefined();
      expect(
        s()
          .batches.list('g')
          .map((b) => b.id),
      ).toEqual(['b2', 'b1']);
      expect(s().batches.list('other')).toEqual([]);
    });

    it('keeps the receipt book of fal jobs through every state, and a new submit starts a clean receipt', () => {
      const submittedAt = s().jobs.submitting('fp', 'fal', 'fal-ai/x');
      expect(s().jobs.get('fp')).toEqual({
        fingerprint: 'fp',
        engine: 'fal',
        endpoint: 'fal-ai/x',
        state: 'submitting',
        submittedAt,
      });
      s().jobs.accepted('fp', 'req-1');
      expect(s().jobs.byRequestId('req-1')).toMatchObject({ fingerprint: 'fp', state: 'accepted', requestId: 'req-1' });
      s().jobs.submitting('other', 'local', 'e');
      s().jobs.unknown('other');
      expect(
        s()
          .jobs.open()
          .map((j) => [j.fingerprint, j.state])
          .sort(),
      ).toEqual([
        ['fp', 'accepted'],
        ['other', 'unknown'],
      ]);
      s().jobs.completed('fp', 0.125, 'run-1');
      expect(s().jobs.get('fp')).toMatchObject({ state: 'completed', cost: 0.125, costRun: 'run-1' });
      s().jobs.failed('other');
      expect(s().jobs.open()).toEqual([]);
      s().jobs.submitting('fp', 'fal', 'fal-ai/y');
      expect(s().jobs.get('fp')).toEqual({
        fingerprint: 'fp',
        engine: 'fal',
        endpoint: 'fal-ai/y',
        state: 'submitting',
        submittedAt,
      });
      expect(s().jobs.byRequestId('req-1')).toBeUndefined();
    });
  });
}
