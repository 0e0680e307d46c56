import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createRecordStore, type RecordStore } from '../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { buildServer, type ServerOptions } from '../../src/server/build-server.js';
import type { DatabaseTarget } from './database.js';

export interface ApiSuite {
  database: DatabaseHandle;
  store: RecordStore;
  app: FastifyInstance;
  /** A live token, sent by `call`. */
  token: string;
  /** `app.inject` with the suite's bearer token. */
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** A migrated database, a store, a built (not listening) server and a token, for the enclosing describe. */
export function useApiServer(
  target: DatabaseTarget,
  options: Partial<Pick<ServerOptions, 'bodyLimit'>> = {},
): ApiSuite {
  const suite = {} as ApiSuite;
  beforeAll(async () => {
    suite.database = await target.open();
    suite.store = createRecordStore(suite.database.db);
    suite.app = await buildServer({ db: suite.database.db, store: suite.store, ...options });
    suite.token = (await createApiToken(suite.database.db, 'test-suite')).token;
    suite.call = (request) =>
      suite.app.inject({
        ...request,
        headers: { authorization: `Bearer ${suite.token}`, ...request.headers },
      });
  });
  afterAll(async () => {
    await suite.app?.close();
    await suite.database?.destroy();
  });
  return suite;
}
