import { ConfigurationError } from '../../errors/index.js';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { databaseUrlOf, loadEnvironment, retentionOf } from '../../config/env.js';
import { createDatabase, isPostgresUrl } from '../../db/index.js';
import type { JobHandlers, JobQueue } from '../../jobs/index.js';
import { createLogger } from '../../logging/logger.js';
import {
  chooseQueueRunner,
  connectWiseConcurrencyFor,
  maxConnectWiseConcurrency,
  openJobQueue,
  openSyncService,
  type OpenedSyncService,
} from '../../sync/index.js';
import { databaseUrlHelp } from '../database-option.js';
import { watchDatabaseFile } from '../../db/watch-database-file.js';

interface WorkerCommandOptions {
  concurrency: number;
  connectwiseConcurrency?: number;
  databaseUrl?: string;
  runner?: 'graphile' | 'embedded';
  graphileSchema?: string;
  handlers?: string;
  pollInterval: number;
  maxAttempts: number;
  deadWorkerAfter: number;
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

/**
 * Jobs a worker claims and starts beyond `--concurrency`, as serve's embedded runner does: half as many again when
 * the ConnectWise call slots are what limits it (no more slots than jobs). A job's database work before its call —
 * on graphile, its turn to claim (`graphile-claim-turns.ts`) and a `get_job` waiting for its commit — then overlaps
 * the other jobs' calls, and a freed call slot finds a request ready. Where there are more call slots than jobs
 * (`--concurrency` below 8, the least the client holds), more jobs would only be more calls: none.
 */
export function jobsClaimedAhead(concurrency: number, connectWiseConcurrency: number): number {
  return connectWiseConcurrency <= concurrency ? Math.ceil(concurrency / 2) : 0;
}

/** Loads `export const handlers = { kind: async (job) => … }` from a module: the worker's job handlers. */
async function loadHandlers(path: string): Promise<JobHandlers> {
  const loaded = (await import(pathToFileURL(resolve(path)).href)) as { handlers?: unknown };
  const handlers = loaded.handlers;
  if (typeof handlers !== 'object' || handlers === null) {
    throw new ConfigurationError(
      `--handlers ${path}: the module must export "handlers", an object of kind → async function`,
    );
  }
  for (const [kind, handler] of Object.entries(handlers)) {
    if (typeof handler !== 'function')
      throw new ConfigurationError(`--handlers ${path}: handlers.${kind} must be a function`);
  }
  if (Object.keys(handlers).length === 0)
    throw new ConfigurationError(`--handlers ${path}: handlers has no kind`);
  return handlers as JobHandlers;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run sync jobs from the durable queue; start as many worker processes as the load needs')
    .option(
      '--concurrency <n>',
      'jobs this process runs at the same time (at 8 or more, half as many again are claimed ahead: see below)',
      parseCount('--concurrency', 1, 1000),
      4,
    )
    .option(
      '--connectwise-concurrency <n>',
      'ConnectWise calls in flight per instance from this process (default: --concurrency, at least 8, at most 64)',
      parseCount('--connectwise-concurrency', 1, maxConnectWiseConcurrency),
    )
    .option('--database-url <url>', databaseUrlHelp)
    .addOption(
      new Option('--runner <runner>', 'graphile-worker (PostgreSQL) or the embedded runner').choices([
        'graphile',
        'embedded',
      ]),
    )
    .option('--graphile-schema <schema>', "graphile-worker's schema (default graphile_worker)")
    .option(
      '--handlers <module>',
      'run these job handlers (a module exporting `handlers`: kind → async function) instead of the sync jobs',
    )
    .option(
      '--poll-interval <ms>',
      'how often an idle worker looks for due jobs',
      parseCount('--poll-interval', 1, 3_600_000),
      500,
    )
    .option(
      '--dead-worker-after <ms>',
      'graphile: how long a worker may miss its heartbeat before another frees its jobs',
      parseCount('--dead-worker-after', 1_000, 86_400_000),
      60_000,
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
finishes (or hands back) the jobs in hand and exits. A worker that is killed stops beating: another worker frees
its jobs after --dead-worker-after (graphile), or when their lease ends (embedded).

When its ConnectWise calls are what limits a worker (--connectwise-concurrency at most --concurrency, as by default
from --concurrency 8), it claims and starts half as many jobs again as --concurrency, as serve does: their database
work overlaps the other jobs' calls, so a call slot that frees finds a request ready. Calls in flight stay at
--connectwise-concurrency.`,
    )
    .action(async (options: WorkerCommandOptions) => {
      const databaseUrl = options.databaseUrl ?? databaseUrlOf(loadEnvironment());
      const runner = chooseQueueRunner(databaseUrl, options.runner);
      const settings = { pollIntervalMs: options.pollInterval, maxAttempts: options.maxAttempts };
      // The application database: the embedded queue lives in it, and the sync handlers read and write it.
      const database = createDatabase(databaseUrl);
      await database.migrate();
      let stop!: () => void;
      const stopped = new Promise<void>((done) => (stop = done));
      // SQLite goes on writing to a deleted file: stop rather than lose every job's work at the next start.
      const watch =
        database.file === undefined
          ? undefined
          : watchDatabaseFile(database.file, (lost) => {
              console.error(`cwsync worker is stopping: ${lost.message}`);
              process.exitCode = 1;
              // What is written from now on is lost anyway: jobs in hand get a few seconds, not the usual 30.
              setTimeout(() => process.exit(1), 5_000).unref();
              stop();
            });
      const queueOptions = {
        deadWorkerAfterMs: options.deadWorkerAfter,
        onDeadWorkers: (workerIds: string[]) =>
          console.log(`Freed the jobs of ${workerIds.length} stopped worker(s): ${workerIds.join(', ')}`),
        ...settings,
      };
      const graphileSchema = options.graphileSchema ? { graphileSchema: options.graphileSchema } : {};
      const callSlots = connectWiseConcurrencyFor(options.concurrency, options.connectwiseConcurrency);
      // the jobs of --handlers make no ConnectWise calls of this process's client: nothing to claim ahead for
      const claimAhead =
        options.handlers === undefined ? jobsClaimedAhead(options.concurrency, callSlots) : 0;
      let sync: OpenedSyncService | undefined;
      let queue: JobQueue;
      let handlers: JobHandlers;
      if (options.handlers !== undefined) {
        queue = openJobQueue({ runner, databaseUrl, db: database.db, ...graphileSchema, ...queueOptions });
        handlers = await loadHandlers(options.handlers);
      } else {
        // Assembled where serve and sync are: the same store, instances, connector, queue and service.
        sync = await openSyncService({
          db: database.db,
          runner,
          databaseUrl,
          ...graphileSchema,
          queueOptions,
          logger: createLogger(),
          service: {
            retention: retentionOf(loadEnvironment()),
            clientOptions: {
              maxConcurrency: callSlots,
            },
            pollConcurrency: options.concurrency,
            // `serve --no-sync` takes the API's writes: its notices wake this worker's feed
            ...(isPostgresUrl(databaseUrl) ? { bssChangesUrl: databaseUrl } : {}),
          },
        });
        sync.service.registerSchedules();
        queue = sync.queue;
        handlers = sync.service.handlers;
      }
      // Listened for before "running" is printed: whoever reads that line may signal at once.
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await queue.start(handlers, { concurrency: options.concurrency, claimAhead });
      const ahead = claimAhead > 0 ? `, ${claimAhead} claimed ahead` : '';
      console.log(
        `cwsync worker ${process.pid} running (${runner}, concurrency ${options.concurrency}${ahead})`,
      );
      await stopped;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      watch?.stop();
      if (sync !== undefined) await sync.close();
      else await queue.close();
      await database.destroy();
      console.log('Worker stopped.');
    });
}
