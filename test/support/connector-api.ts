import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { buildServer } from '../../src/server/build-server.js';
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseTarget } from './database.js';
import { startSyncWorld, type SyncWorld } from './sync-world.js';

/** The server with the operator's API over a sync world, and every answer it gave (to search for secrets). */
export interface ConnectorApi {
  app: FastifyInstance;
  token: string;
  /** `app.inject` with the bearer token; the answer's body is kept in `bodies` */
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
  bodies: string[];
  close(): Promise<void>;
}

/** Builds the server from the world's database, store, instances, connector, sync service and queue. */
export async function startConnectorApi(world: SyncWorld): Promise<ConnectorApi> {
  const app = await buildServer({
    db: world.database.db,
    store: world.store,
    instances: world.instances,
    connector: world.connector,
    sync: world.sync,
    queue: world.queue,
  });
  const { token } = await createApiToken(world.database.db, 'operator');
  const bodies: string[] = [];
  return {
    app,
    token,
    bodies,
    async call(options) {
      const response = await app.inject({
        ...options,
        headers: { authorization: `Bearer ${token}`, ...options.headers },
      });
      bodies.push(response.body);
      return response;
    },
    close: () => app.close(),
  };
}

/**
 * A sync world with the operator's API over it, for the suite it is called in: started before its tests and
 * stopped after them. `onStarted` receives both (the suite keeps them in its own variables).
 */
export function useConnectorApi(
  target: DatabaseTarget,
  onStarted: (started: { world: SyncWorld; server: ConnectorApi }) => void,
): void {
  let world: SyncWorld | undefined;
  let server: ConnectorApi | undefined;
  beforeAll(async () => {
    world = await startSyncWorld(target);
    server = await startConnectorApi(world);
    onStarted({ world, server });
  });
  afterAll(async () => {
    await server?.close();
    await world?.stop();
  });
}
