import { InvalidArgumentError, type Command } from 'commander';
import { databaseUrlOf, loadEnvironment } from '../../config/env.js';
import { createLogger } from '../../logging/logger.js';
import { startServer } from '../../server/start-server.js';

interface ServeCommandOptions {
  port?: number;
  host?: string;
  databaseUrl?: string;
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('must be a whole number from 0 to 65535.');
  }
  return port;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the BSS records REST API (/api/v1, OpenAPI at /api/v1/openapi.json) on the database')
    .option('--port <port>', 'port to listen on (default: PORT or 8080)', parsePort)
    .option('--host <host>', 'interface to listen on (default: HOST or 0.0.0.0)')
    .option(
      '--database-url <url>',
      'postgres://… or a SQLite path (default: DATABASE_URL or ./data/cwsync.db)',
    )
    .addHelpText(
      'after',
      `
Migrations are applied at start. /health answers while the process is up, /ready while the database is
reachable. SIGTERM or SIGINT stops taking requests, finishes those in flight and closes the database.
Every /api/v1 route needs a token: make one with \`cwsync token create\`.`,
    )
    .action(async (options: ServeCommandOptions) => {
      const env = loadEnvironment();
      const logger = createLogger({ level: env.LOG_LEVEL });
      const server = await startServer({
        databaseUrl: options.databaseUrl ?? databaseUrlOf(env),
        port: options.port ?? env.PORT,
        host: options.host ?? env.HOST,
        logger,
      });
      logger.info({ url: server.url }, 'cwsync API listening');
      const shutDown = (signal: NodeJS.Signals): void => {
        logger.info({ signal }, 'shutting down');
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', shutDown);
      process.once('SIGINT', shutDown);
    });
}
