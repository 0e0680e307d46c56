import { ValidationError } from '../../errors/index.js';
import { Option, type Command } from 'commander';
import type { Kysely } from 'kysely';
import { isEntityName, type EntityName } from '../../bss/records/entity-names.js';
import { entityNames } from '../../bss/records/entity-names.js';
import type { Database } from '../../db/schema.js';
import { findInstanceId, InstanceNotFoundError } from '../../instances/index.js';
import { databaseUrlOf, loadEnvironment } from '../../config/env.js';
import { loadConnectWiseDefinition } from '../../connectors/connectwise/index.js';
import {
  breakLink,
  createReportRepository,
  formatCauseGroups,
  queueReviewedLink,
  ReviewedLinkError,
  formatReportTable,
  groupByCause,
  readWholeReport,
  formatRunsTable,
  pushJobKind,
  type ReportEntry,
  type ReportRepository,
  type SyncDirection,
} from '../../report/index.js';
import { chooseQueueRunner, openJobQueue, pullJobKind, type QueueRunner } from '../../sync/index.js';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';

interface ReportOptions {
  instance?: string;
  byCause?: boolean;
  module?: string;
  direction?: string;
  error?: string;
  limit?: string;
  json?: boolean;
  databaseUrl?: string;
}

interface RecordCommandOptions {
  instance: string;
  allFailed?: boolean;
  databaseUrl?: string;
  runner?: QueueRunner;
  graphileSchema?: string;
}

export function registerReportCommand(program: Command): void {
  const report = program
    .command('report')
    .description('The connector report: the records not in step with ConnectWise, and why')
    .option('--instance <id-or-name>', 'only this connector instance')
    .option('--module <module>', 'only this module (accounts, contacts, …)')
    .option('--direction <push|pull>', 'only this direction')
    .option('--error <text>', 'only rows whose message, field or BSS id contains this text')
    .option('--limit <n>', 'at most this many rows (1–1000)', '200')
    .option(
      '--by-cause',
      'one entry per cause (an unmapped lookup value, a field, ConnectWise’s message) with its count, records and fix; needs --instance',
    )
    .option('--json', 'print JSON')
    .option('--database-url <url>', databaseUrlHelp)
    .action(async (options: ReportOptions) => {
      await withReport(options.databaseUrl, async ({ db, reports }) => {
        const direction = parseDirection(options.direction);
        const limit = parseLimit(options.limit);
        const instanceId =
          options.instance === undefined ? undefined : await resolveInstanceId(db, options.instance);
        if (options.byCause) {
          if (instanceId === undefined)
            throw ValidationError.at(
              '--by-cause',
              'requires',
              'give --instance too (causes are per instance)',
            );
          const { definition } = await loadConnectWiseDefinition();
          const entries = await readWholeReport(reports, {
            instanceId,
            ...(options.module !== undefined ? { module: options.module } : {}),
            ...(direction !== undefined ? { direction } : {}),
            ...(options.error !== undefined ? { text: options.error } : {}),
          });
          const groups = groupByCause(entries, definition);
          if (options.json) console.log(JSON.stringify(groups, null, 2));
          else if (groups.length === 0) console.log('Every record is in step: nothing in the report.');
          else console.log(formatCauseGroups(groups));
          return;
        }
        const page = await reports.list({
          ...(instanceId !== undefined ? { instanceId } : {}),
          ...(options.module !== undefined ? { module: options.module } : {}),
          ...(direction !== undefined ? { direction } : {}),
          ...(options.error !== undefined ? { text: options.error } : {}),
          limit,
        });
        if (options.json) console.log(JSON.stringify(page.entries, null, 2));
        else if (page.entries.length === 0) console.log('Every record is in step: nothing in the report.');
        else {
          console.log(formatReportTable(page.entries));
          if (page.next !== undefined)
            console.log(`(first ${limit} rows; narrow the filters or raise --limit)`);
        }
      });
    });

  report
    .command('runs')
    .description('The run log: recent sync runs, newest first')
    .option('--instance <id-or-name>', 'only this connector instance')
    .option('--limit <n>', 'at most this many runs (1–1000)', '50')
    .option('--json', 'print JSON')
    .option('--database-url <url>', databaseUrlHelp)
    .action(async (options: ReportOptions) => {
      await withReport(options.databaseUrl, async ({ db, reports }) => {
        const instanceId =
          options.instance === undefined ? undefined : await resolveInstanceId(db, options.instance);
        const runs = await reports.listRuns({
          ...(instanceId !== undefined ? { instanceId } : {}),
          limit: parseLimit(options.limit),
        });
        if (options.json) console.log(JSON.stringify(runs, null, 2));
        else if (runs.length === 0) console.log('No sync runs yet.');
        else console.log(formatRunsTable(runs));
      });
    });

  program
    .command('resync')
    .description(
      'Queue a push of one record, or a sync of every record the report lists as failed (pushes and pulls)',
    )
    .argument('[module]', 'the module (accounts, contacts, …)')
    .argument('[recordId]', 'the BSS id of the record')
    .requiredOption('--instance <id-or-name>', 'the connector instance')
    .option('--all-failed', 'every record of the instance whose push or pull failed')
    .option('--database-url <url>', databaseUrlHelp)
    .addOption(
      new Option(
        '--runner <runner>',
        "the workers' queue: graphile-worker (the default on PostgreSQL) or embedded (the default on SQLite)",
      ).choices(['graphile', 'embedded']),
    )
    .option('--graphile-schema <schema>', "graphile-worker's schema (default graphile_worker)")
    .action(
      async (module: string | undefined, recordId: string | undefined, options: RecordCommandOptions) => {
        if (options.allFailed ? module !== undefined : module === undefined || recordId === undefined) {
          throw ValidationError.at(
            'resync',
            'arguments',
            'give <module> <recordId>, or --all-failed without them',
          );
        }
        await withReport(options.databaseUrl, async ({ db, reports }) => {
          const instanceId = await requireInstanceId(db, options.instance);
          const targets: Array<{ module: string; recordId: string; direction: SyncDirection }> = [];
          if (options.allFailed) {
            for (const entry of await listAll(reports, instanceId)) {
              if (entry.outcome === 'failed') targets.push(entry);
            }
          } else {
            targets.push({
              module: requireModule(module as string),
              recordId: recordId as string,
              direction: 'push',
            });
          }
          if (targets.length === 0) {
            console.log(`No failed records on ${instanceId}: nothing queued.`);
            return;
          }
          // The queue the workers (or `serve`) read: graphile-worker on PostgreSQL, the embedded one on SQLite.
          const databaseUrl = options.databaseUrl ?? databaseUrlOf(loadEnvironment());
          const queue = openJobQueue({
            runner: chooseQueueRunner(databaseUrl, options.runner),
            databaseUrl,
            db,
            ...(options.graphileSchema ? { graphileSchema: options.graphileSchema } : {}),
          });
          try {
            for (const { module: name, recordId: id, direction } of targets) {
              const kind = direction === 'push' ? pushJobKind : pullJobKind;
              await queue.enqueue({ kind, instanceId, module: name, recordId: id });
              console.log(`Queued a ${direction} of ${name} ${id} on ${instanceId}.`);
            }
          } finally {
            await queue.close();
          }
          if (targets.length > 1) console.log(`${targets.length} records queued.`);
        });
      },
    );

  program
    .command('link')
    .description(
      'Link a record whose match is under review (a company found by name, its identifier another) to that ConnectWise record: its push is queued, which writes the BSS values over it',
    )
    .argument('<module>', 'the module (accounts, …)')
    .argument('<recordId>', 'the BSS id of the record')
    .requiredOption('--instance <id-or-name>', 'the connector instance')
    .option('--to <connectwiseId>', 'the ConnectWise id to link to (default: the one the review found)')
    .option('--database-url <url>', databaseUrlHelp)
    .addOption(
      new Option(
        '--runner <runner>',
        "the workers' queue: graphile-worker (the default on PostgreSQL) or embedded (the default on SQLite)",
      ).choices(['graphile', 'embedded']),
    )
    .option('--graphile-schema <schema>', "graphile-worker's schema (default graphile_worker)")
    .action(async (module: string, recordId: string, options: RecordCommandOptions & { to?: string }) => {
      const to = options.to === undefined ? undefined : Number(options.to);
      if (to !== undefined && (!Number.isInteger(to) || to <= 0)) {
        throw new ValidationError(
          [
            {
              path: '--to',
              rule: 'integer',
              message: `must be a ConnectWise id (a positive whole number), not "${options.to}"`,
            },
          ],
          `link: --to must be a ConnectWise id (a positive whole number), not "${options.to}"`,
        );
      }
      await withReport(options.databaseUrl, async ({ db, reports }) => {
        const instanceId = await requireInstanceId(db, options.instance);
        const name = requireModule(module);
        const databaseUrl = options.databaseUrl ?? databaseUrlOf(loadEnvironment());
        const queue = openJobQueue({
          runner: chooseQueueRunner(databaseUrl, options.runner),
          databaseUrl,
          db,
          ...(options.graphileSchema ? { graphileSchema: options.graphileSchema } : {}),
        });
        try {
          const linked = await queueReviewedLink(reports, queue, {
            instanceId,
            module: name,
            recordId,
            ...(to !== undefined ? { connectwiseId: to } : {}),
          });
          console.log(`Queued the link of ${name} ${recordId} to ConnectWise #${linked} on ${instanceId}.`);
        } catch (error) {
          if (!(error instanceof ReviewedLinkError)) throw error;
          console.error(`cwsync link: ${error.message}`);
          process.exitCode = 1;
        } finally {
          await queue.close();
        }
      });
    });

  program
    .command('unlink')
    .description('Break the link of a BSS record to its ConnectWise record, and clear its report rows')
    .argument('<module>', 'the module (accounts, contacts, …)')
    .argument('<recordId>', 'the BSS id of the record')
    .requiredOption('--instance <id-or-name>', 'the connector instance')
    .option('--database-url <url>', databaseUrlHelp)
    .action(async (module: string, recordId: string, options: RecordCommandOptions) => {
      await withReport(options.databaseUrl, async ({ db, reports }) => {
        const instanceId = await requireInstanceId(db, options.instance);
        const entity = requireModule(module);
        const broken = await breakLink(db, reports, { instanceId, module: entity, recordId });
        if (!broken) {
          console.error(`cwsync unlink: ${entity} ${recordId} is not linked on ${instanceId}; nothing to do`);
          process.exitCode = 1;
          return;
        }
        const removed = broken.removedReportRows;
        console.log(
          `Unlinked ${entity} ${recordId} from ConnectWise #${broken.integrationId} on ${instanceId}` +
            `; removed ${removed} report row${removed === 1 ? '' : 's'}.`,
        );
      });
    });
}

async function withReport(
  databaseUrl: string | undefined,
  work: (context: { db: Kysely<Database>; reports: ReportRepository }) => Promise<void>,
): Promise<void> {
  const database = openCommandDatabase(databaseUrl);
  try {
    await database.migrate();
    await work({ db: database.db, reports: createReportRepository(database.db) });
  } finally {
    await database.destroy();
  }
}

/** An instance the report filters on may have been removed since: its rows still name it by id. */
async function resolveInstanceId(db: Kysely<Database>, idOrName: string): Promise<string> {
  return (await findInstanceId(db, idOrName)) ?? idOrName;
}

async function requireInstanceId(db: Kysely<Database>, idOrName: string): Promise<string> {
  const id = await findInstanceId(db, idOrName);
  if (id === undefined) throw new InstanceNotFoundError(idOrName);
  return id;
}

function requireModule(module: string): EntityName {
  if (!isEntityName(module))
    throw ValidationError.at('module', 'knownModule', `"${module}" must be one of ${entityNames.join(', ')}`);
  return module;
}

function parseDirection(direction: string | undefined): SyncDirection | undefined {
  if (direction === undefined || direction === 'push' || direction === 'pull') return direction;
  throw ValidationError.at('--direction', 'enum', `must be push or pull, not "${direction}"`);
}

function parseLimit(limit: string | undefined): number {
  const value = Number(limit);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw ValidationError.at('--limit', 'range', `must be a whole number from 1 to 1000, not "${limit}"`);
  }
  return value;
}

async function listAll(reports: ReportRepository, instanceId: string): Promise<ReportEntry[]> {
  const entries: ReportEntry[] = [];
  let after: string | undefined;
  do {
    const page = await reports.list({
      instanceId,
      direction: 'push',
      limit: 1000,
      ...(after ? { after } : {}),
    });
    entries.push(...page.entries);
    after = page.next;
  } while (after !== undefined);
  return entries;
}
