import { expect, it } from 'vitest';
import { Stopped } from '../../server/engine/errors.ts';
import { inFlight, settledOrStopped } from '../../server/engine/in-flight.ts';

it('one producer per key while it runs; the key is free again once it settles, either way', async () => {
  const work = inFlight();
  let finish!: (v: string) => void;
  const led = work.lead('fp', () => new Promise<string>((r) => (finish = r)));
  expect(work.get('fp')).toBeDefined();
  expect(work.get('other')).toBeUndefined();
  finish('made');
  expect(await led).toBe('made');
  expect(work.size).toBe(0);
  await expect(work.lead('fp', () => Promise.reject(new Error('422')))).rejects.toThrow('422');
  expect(work.get('fp')).toBeUndefined();
});

it('a waiter resumes when the producer fails (it then produces itself), and stops when its own run is cancelled', async () => {
  const work = inFlight();
  let fail!: (err: Error) => void;
  const failing = work.lead('fp', () => new Promise((_, no) => (fail = no)));
  failing.catch(() => {});
  // The waiter is in place before the producer fails: it must wake on that failure, not on a clock.
  const waiter = settledOrStopped(work.get('fp')!, new AbortController().signal);
  fail(new Error('boom'));
  await expect(waiter).resolves.toBeUndefined();
  expect(work.get('fp')).toBeUndefined();

  const never = work.lead('slow', () => new Promise(() => {}));
  void never;
  const ctl = new AbortController();
  const waiting = settledOrStopped(work.get('slow')!, ctl.signal);
  ctl.abort();
  await expect(waiting).rejects.toBeInstanceOf(Stopped);
  await expect(settledOrStopped(work.get('slow')!, ctl.signal)).rejects.toBeInstanceOf(Stopped);
});
