import { InvalidArgumentError, type Command } from 'commander';
import { databaseUrlHelp } from '../database-option.js';
import {
  databaseUrlOf,
  loadEnvironment,
  metricsAccessOf,
  retentionOf,
  webhookTargetPolicyOf,
} from '../../config/env.js';
import { openSecrets } from '../../config/open-secrets.js';
import { createDatabase } from '../../db/index.js';
import { trackLogActivity } from '../../logging/log-activity.js';
import { chooseLogFormat, createLogger, type Logger } from '../../logging/logger.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.js';
import { createApiToken, listApiTokens } from '../../server/auth/api-tokens.js';
import { defaultDashboardDir, hasDashboard } from '../../server/dashboard/serve-dashboard.js';
import { startServer } from '../../server/start-server.js';
import { seedDemo } from '../../demo/index.js';
import { createLookupRepository } from '../../instances/index.js';
import { join } from 'node:path';
import { formatWelcome } from '../welcome/format-welcome.js';
import {
  openableUrl,
  removeServiceState,
  writeServiceState,
  type ServiceState,
} from '../welcome/service-state.js';

interface ServeCommandOptions {
  port?: number;
  host?: string;
  databaseUrl?: string;
  sandbox?: boolean;
  sandboxPort?: number;
  sync?: boolean;
  concurrency?: number;
  connectwiseConcurrency?: number;
  graphileSchema?: string;
  demo?: boolean;
}

function parseConcurrency(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 256) {
    throw new InvalidArgumentError('must be a whole number from 1 to 256.');
  }
  return value;
}

function parseConnectWiseConcurrency(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new InvalidArgumentError('must be a whole number from 1 to 64.');
  }
  return value;
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
    .description(
      'Serve the BSS records REST API (/api/v1) and, until a ConnectWise is configured, a built-in sandbox',
    )
    .option('--port <port>', 'port to listen on (default: PORT or 8080)', parsePort)
    .option(
      '--host <host>',
      'interface to listen on (default: HOST or 127.0.0.1, this machine only; 0.0.0.0 for every interface)',
    )
    .option('--database-url <url>', databaseUrlHelp)
    .option(
      '--no-sync',
      'run no sync jobs here: `cwsync worker` processes run them; every API, callback and metric is still served',
    )
    .option(
      '--concurrency <n>',
      'sync jobs this process runs at once (default 8; on SQLite half as many again start ahead and wait for a ConnectWise call slot)',
      parseConcurrency,
    )
    .option(
      '--connectwise-concurrency <n>',
      'ConnectWise calls in flight per instance from this process (default: --concurrency, at least 8, at most 64)',
      parseConnectWiseConcurrency,
    )
    .option(
      '--graphile-schema <schema>',
      "PostgreSQL: graphile-worker's schema, the same as the workers' (default graphile_worker)",
    )
    .option(
      '--no-demo',
      'on a first start with the built-in sandbox, do not add the demo instance and records',
    )
    .option('--no-sandbox', 'do not run the built-in ConnectWise sandbox (default: CWSYNC_SANDBOX or on)')
    .option(
      '--sandbox-port <port>',
      'port of the built-in sandbox (default: SANDBOX_PORT or the API port + 1)',
      parsePort,
    )
    .addHelpText(
      'after',
      `
Migrations are applied at start. The sync runs here too (the change feed read into push jobs, polling, the
daily retry), on graphile-worker when the database is PostgreSQL and the embedded queue otherwise; with
--no-sync the jobs run in \`cwsync worker\` processes instead, and this process still serves the whole API, the
dashboard, the ConnectWise callbacks (their pull jobs go to the workers' queue) and /metrics. With CWSYNC_PUBLIC_URL set, every enabled instance's
ConnectWise callbacks are registered to it at start. /health answers while the process is up, /ready while the
database is reachable. SIGTERM or SIGINT stops taking requests, finishes those in flight, finishes or hands back
the sync jobs in hand and closes the database.
Every /api/v1 route needs a token: the first start prints one; make more with \`cwsync token create\`.
/metrics needs one too (or CWSYNC_METRICS_TOKEN, for Prometheus; CWSYNC_METRICS_AUTH=none drops the check).
It listens on 127.0.0.1 unless --host or HOST says otherwise: put it behind a TLS proxy to open it.
The built-in sandbox is a local ConnectWise Manage with demo reference data (kept in the data folder), for
trying cwsync before pointing it at a real ConnectWise.`,
    )
    .action(async (options: ServeCommandOptions) => {
      const env = loadEnvironment();
      const activity = trackLogActivity();
      const logger = createLogger(
        { level: env.LOG_LEVEL, hooks: activity.hooks },
        { format: chooseLogFormat(env.CWSYNC_LOG_FORMAT) },
      );
      const databaseUrl = options.databaseUrl ?? databaseUrlOf(env);
      const port = options.port ?? env.PORT;
      const initialToken = await createInitialToken(databaseUrl);
      // What to stop besides the server when the database file goes; the sandbox joins once it runs.
      const stopAlongside: Array<() => Promise<void>> = [];
      const server = await startServer({
        databaseUrl,
        port,
        host: options.host ?? env.HOST,
        secrets: await openSecrets(env),
        webhookTargets: webhookTargetPolicyOf(env),
        metricsAccess: metricsAccessOf(env),
        retention: retentionOf(env),
        logger,
        runSync: options.sync !== false,
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.connectwiseConcurrency !== undefined
          ? { connectwiseConcurrency: options.connectwiseConcurrency }
          : {}),
        ...(options.graphileSchema !== undefined ? { graphileSchema: options.graphileSchema } : {}),
        ...(env.CWSYNC_PUBLIC_URL !== undefined ? { publicUrl: env.CWSYNC_PUBLIC_URL } : {}),
        onDatabaseLost: (error) => {
          process.stderr.write(`\ncwsync serve is stopping: ${error.message}\n`);
          // What is written from now on is lost anyway: jobs in hand get a few seconds, not the usual 30.
          setTimeout(() => process.exit(1), 5_000).unref();
          void Promise.allSettled([server.stop(), ...stopAlongside.map((stop) => stop())]).then(() =>
            process.exit(1),
          );
        },
      });
      logger.info({ url: server.url }, 'cwsync API listening');
      const sandbox =
        options.sandbox !== false && env.CWSYNC_SANDBOX === 'on'
          ? await startBuiltInSandbox(
              env.CWSYNC_DATA_DIR,
              options.sandboxPort ?? env.SANDBOX_PORT ?? (port === 0 ? 0 : port + 1),
              logger,
            )
          : undefined;
      if (sandbox) stopAlongside.push(() => sandbox.stop());
      const demo =
        sandbox && options.demo !== false
          ? await seedDemo({
              store: server.sync.store,
              instances: server.sync.instances,
              lookups: createLookupRepository(server.db, server.sync.connector.definition),
              sandbox,
              logger,
            })
          : undefined;
      const state: ServiceState = {
        pid: process.pid,
        url: openableUrl(server.url),
        dashboard: hasDashboard(defaultDashboardDir),
        ...(sandbox ? { sandbox: { apiUrl: sandbox.apiUrl, ...sandbox.credentials } } : {}),
        startedAt: new Date().toISOString(),
      };
      writeServiceState(env.CWSYNC_DATA_DIR, state);
      // Printed once the start-up lines have settled, so that it is what a person sees last; written to the
      // terminal, not to the log: the initial token is a secret a person copies once.
      await activity.settled();
      const token = initialToken
        ? { created: initialToken }
        : { live: (await listApiTokens(server.db)).filter((entry) => entry.revokedAt === null).length };
      const welcome = formatWelcome({ state, token, ...(demo ? { demo } : {}) });
      welcome.push('  This again, with what fails now: `npx cwsync status`.');
      process.stdout.write(`\n${welcome.join('\n')}\n\n`);
      const shutDown = (signal: NodeJS.Signals): void => {
        logger.info({ signal }, 'shutting down');
        removeServiceState(env.CWSYNC_DATA_DIR);
        Promise.all([server.stop(), sandbox?.stop()]).then(
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

/** On a database with no API token at all, makes one so a new user can reach the API; shown once. */
async function createInitialToken(databaseUrl: string): Promise<string | undefined> {
  const database = createDatabase(databaseUrl);
  try {
    await database.migrate();
    if ((await listApiTokens(database.db)).length > 0) return undefined;
    return (await createApiToken(database.db, 'initial')).token;
  } finally {
    await database.destroy();
  }
}

/** The built-in sandbox `serve` runs: demo reference data, kept in the data folder (the dashboard test runs it too). */
export function startBuiltInSandbox(dataDir: string, port: number, logger: Logger): Promise<RunningSandbox> {
  return startSandbox({
    port,
    host: '127.0.0.1',
    seed: 'demo',
    dataFile: join(dataDir, 'sandbox.json'),
    logger: logger.child({ component: 'sandbox' }),
  });
}
