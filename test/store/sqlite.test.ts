import { rm } from 'node:fs/promises';
import { openStore } from '../../server/store/index.ts';
import { tmpDir } from '../server/helpers.ts';
import { storeContract } from './store-contract.ts';

/** The store contract on SQLite, the default: a fresh data folder per test. */
storeContract('sqlite', async () => {
  const dir = await tmpDir('store-sqlite-');
  const opened = {
    store: openStore(dir),
    reopen() {
      opened.store.close();
      opened.store = openStore(dir);
      return opened.store;
    },
    async close() {
      opened.store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return opened;
});
