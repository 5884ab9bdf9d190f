import { afterEach, beforeEach, vi } from 'vitest';
import type { Store } from '../../server/store/index.ts';

export interface OpenedStore {
  store: Store;
  /** Closes the store and opens the same database again, as a restarted process would; close() closes the new one. */
  reopen(): Store;
  close(): Promise<void>;
}
export type OpenStore = () => Promise<OpenedStore>;

/**
 * A fresh store per test, closed after it; `s()` is the one the test uses. The clock is the test's (`at(time)`): lists
 * are ordered by the times the stores write, and a test must not depend on two writes landing in different milliseconds.
 */
export function useStore(open: OpenStore) {
  let opened: OpenedStore | undefined;
  beforeEach(async () => {
    opened = await open();
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2026-03-01T10:00:00.000Z');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await opened?.close();
    opened = undefined;
  });
  return { s: () => opened!.store, opened: () => opened! };
}

export const at = (iso: string) => vi.setSystemTime(new Date(iso));
