import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createRecordStore } from '../bss/store/index.js';
import { createDatabase } from '../db/index.js';
import { createLogger } from '../logging/logger.js';
import { buildServer } from './build-server.js';
import {
  startWebhookDispatcher,
  type WebhookDispatcher,
  type WebhookSecretSealer,
} from './webhooks/index.js';

export interface StartServerOptions {
  databaseUrl: string;
  port: number;
  host: string;
  /** seals webhook signing secrets; the same key must open them after a restart */
  secrets: WebhookSecretSealer;
  logger?: Logger;
  /** deliver outbound webhooks from this process (default true) */
  deliverWebhooks?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` as bound (port 0 becomes the real port). */
  url: string;
  /** Stops taking requests, lets the ones in flight finish, stops webhook delivery, then closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, applies migrations, and serves the API (and delivers webhooks) until `stop()`. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const database = createDatabase(options.databaseUrl);
  let dispatcher: WebhookDispatcher | undefined;
  try {
    await database.migrate();
    const store = createRecordStore(database.db);
    const app = await buildServer({
      db: database.db,
      store,
      secrets: options.secrets,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
    await app.listen({ port: options.port, host: options.host });
    if (options.deliverWebhooks ?? true) {
      dispatcher = startWebhookDispatcher({
        db: database.db,
        store,
        secrets: options.secrets,
        logger: options.logger ?? createLogger({ level: 'silent' }),
      });
    }
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
          await dispatcher?.stop();
          await database.destroy();
        })()),
    };
  } catch (error) {
    await dispatcher?.stop();
    await database.destroy();
    throw error;
  }
}
