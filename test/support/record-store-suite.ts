import { afterAll, beforeAll } from 'vitest';
import type { DatabaseHandle } from '../../src/db/index.js';
import { createRecordStore, type RecordStore } from '../../src/bss/store/index.js';
import type { DatabaseTarget } from './database.js';

export interface StoreSuite {
  database: DatabaseHandle;
  store: RecordStore;
}

/** Opens a fresh database for the enclosing describe block and closes it after; read the fields in tests. */
export function useRecordStore(target: DatabaseTarget): StoreSuite {
  const suite = {} as StoreSuite;
  beforeAll(async () => {
    suite.database = await target.open();
    suite.store = createRecordStore(suite.database.db);
  });
  afterAll(async () => {
    await suite.database?.destroy();
  });
  return suite;
}
