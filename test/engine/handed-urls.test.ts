import { afterEach, expect, it, vi } from 'vitest';
import { engineOnFake, graphOf, SWAPS, type EngineHarness } from './engine-harness.ts';

/**
 * A result URL fal hands a run is used as is by that run's downstream nodes (no HEAD check: fal served it moments
 * ago); a later run that reuses the same kept file checks the URL first, since it may have expired since.
 */

let h: EngineHarness;
afterEach(async () => {
  vi.restoreAllMocks();
  const closing = h;
  h = undefined as unknown as EngineHarness;
  await closing?.close();
});

/** URLs the engine sent a HEAD to (the publisher's "is it still served" check). */
function headChecks(): string[] {
  const heads: string[] = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    if (init?.method === 'HEAD') heads.push(String(input));
    return real(input, init);
  });
  return heads;
}

it('a chained node uses the result URL its run was just handed; another run checks it first', {
  timeout: 20_000,
}, async () => {
  h = await engineOnFake({ paid: true });
  const heads = headChecks();
  const chain = graphOf(
    [
      ['a', 'pika-turbo-text-to-video', 1],
      ['s', 'pika-pikaswaps', 1],
    ],
    [['a', 's']],
  );
  const first = await runFinishingEachJob(chain);
  expect(first.status).toBe('completed');
  const aUrl = `${h.fake.origin}/${h.fake.jobs[0].id}.mp4`;
  expect(h.fake.jobs.filter((j) => j.endpoint === SWAPS)[0].input.video_url).toBe(aUrl);
  expect(heads).toEqual([]);

  // A new run: `a` is a cache hit, the new swap consumes its kept file, and the remembered URL is checked.
  const again = graphOf(
    [
      ['a', 'pika-turbo-text-to-video', 1],
      ['s', 'pika-pikaswaps', 2],
    ],
    [['a', 's']],
  );
  const second = await runFinishingEachJob(again);
  expect(second.status).toBe('completed');
  expect(second.nodes.a.state).toBe('cached');
  expect(heads).toEqual([aUrl]);
  expect(h.fake.jobs.filter((j) => j.endpoint === SWAPS)[1].input.video_url).toBe(aUrl);
});

/** Runs `graph`, finishing each fal job the moment the engine reports it submitted. */
async function runFinishingEachJob(graph: ReturnType<typeof graphOf>) {
  const { id } = h.engine.startRun({ graph });
  // The run starts in a later turn, so nothing is submitted before this listener is attached.
  const off = h.engine.subscribe(id, (e) => {
    if (e.type === 'node.submitted') h.fake.finish(e.requestId);
  });
  try {
    return await h.engine.waitForRun(id);
  } finally {
    off();
  }
}
