import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { databaseUrlOf, loadEnvironment } from '../../config/env.js';
import { createDatabase, isPostgresUrl } from '../../db/index.js';
import {
  createEmbeddedQueue,
  createGraphileQueue,
  type JobHandlers,
  type JobQueue,
} from '../../jobs/index.js';
import { databaseUrlHelp } from '../database-option.js';

interface WorkerCommandOptions {
  concurrency: number;
  databaseUrl?: string;
  runner?: 'graphile' | 'embedded';
  graphileSchema?: string;
  handlers?: string;
  pollInterval: number;
  maxAttempts: number;
}

function parseCount(name: string, minimum: number, maximum: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < minimum || value > maximum) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${minimum} to ${maximum}.`);
    }
    return value;
  };
}

/** Loads `export const handlers = { kind: async (job) => … }` from a module: the worker's job handlers. */
async function loadHandlers(path: string): Promise<JobHandlers> {
  const loaded = (await import(pathToFileURL(resolve(path)).href)) as { handlers?: unknown };
  const handlers = loaded.handlers;
  if (typeof handlers !== 'object' || handlers === null) {
    throw new Error(
      `--handlers ${path}: the module must export "handlers", an object of kind → async function`,
    );
  }
  for (const [kind, handler] of Object.entries(handlers)) {
    if (typeof handler !== 'function')
      throw new Error(`--handlers ${path}: handlers.${kind} must be a function`);
  }
  if (Object.keys(handlers).length === 0) throw new Error(`--handlers ${path}: handlers has no kind`);
  return handlers as JobHandlers;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run sync jobs from the durable queue; start as many worker processes as the load needs')
    .option(
      '--concurrency <n>',
      'jobs this process runs at the same time',
      parseCount('--concurrency', 1, 1000),
      4,
    )
    .option('--database-url <url>', databaseUrlHelp)
    .addOption(
      new Option('--runner <runner>', 'graphile-worker (PostgreSQL) or the embedded runner').choices([
        'graphile',
        'embedded',
      ]),
    )
    .option('--graphile-schema <schema>', "graphile-worker's schema (default graphile_worker)")
    .option('--handlers <module>', 'module exporting `handlers` (kind → async function) to run')
    .option(
      '--poll-interval <ms>',
      'how often an idle worker looks for due jobs',
      parseCount('--poll-interval', 1, 3_600_000),
      500,
    )
    .option(
      '--max-attempts <n>',
      'runs per job before it is kept as failed',
      parseCount('--max-attempts', 1, 1000),
      5,
    )
    .addHelpText(
      'after',
      `
The runner is graphile-worker when the database is PostgreSQL, the embedded runner otherwise. Any number of
worker processes share the queue: one job per record runs at a time, across all of them. SIGTERM or SIGINT
finishes (or hands back) the jobs in hand and exits.`,
    )
    .action(async (options: WorkerCommandOptions) => {
      const databaseUrl = options.databaseUrl ?? databaseUrlOf(loadEnvironment());
      const runner = options.runner ?? (isPostgresUrl(databaseUrl) ? 'graphile' : 'embedded');
      if (runner === 'graphile' && !isPostgresUrl(databaseUrl)) {
        throw new Error('--runner graphile: needs a postgres:// database URL');
      }
      if (options.handlers === undefined) {
        throw new Error('--handlers: is required until the sync engine registers its own job handlers');
      }
      const handlers = await loadHandlers(options.handlers);
      const settings = { pollIntervalMs: options.pollInterval, maxAttempts: options.maxAttempts };
      let queue: JobQueue;
      let closeDatabase = async () => undefined as void;
      if (runner === 'graphile') {
        queue = createGraphileQueue({
          connectionString: databaseUrl,
          ...(options.graphileSchema ? { schema: options.graphileSchema } : {}),
          ...settings,
        });
      } else {
        const database = createDatabase(databaseUrl);
        await database.migrate();
        queue = createEmbeddedQueue(database.db, settings);
        closeDatabase = () => database.destroy();
      }
      await queue.start(handlers, { concurrency: options.concurrency });
      console.log(`cwsync worker ${process.pid} running (${runner}, concurrency ${options.concurrency})`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await queue.close();
      await closeDatabase();
      console.log('Worker stopped.');
    });
}
