import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createRecordStore } from '../bss/store/index.js';
import { createDatabase } from '../db/index.js';
import { buildServer } from './build-server.js';

export interface StartServerOptions {
  databaseUrl: string;
  port: number;
  host: string;
  logger?: Logger;
}

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` as bound (port 0 becomes the real port). */
  url: string;
  /** Stops taking requests, lets the ones in flight finish, then closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, applies migrations, and serves the API until `stop()`. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const database = createDatabase(options.databaseUrl);
  try {
    await database.migrate();
    const app = await buildServer({
      db: database.db,
      store: createRecordStore(database.db),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
    await app.listen({ port: options.port, host: options.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    let stopping: Promise<void> | undefined;
    return {
      app,
      url: `http://${host}:${port}`,
      stop: () =>
        (stopping ??= (async () => {
          await app.close();
          await database.destroy();
        })()),
    };
  } catch (error) {
    await database.destroy();
    throw error;
  }
}
