import { NotFoundError } from '../../errors/index.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Kysely } from 'kysely';
import { databaseUrlOf, loadEnvironment } from '../../config/env.js';
import type { Database } from '../../db/schema.js';
import { connectwiseDefinitionDirectory } from '../../connectors/connectwise/index.js';
import type { InstanceRepository, InstanceSummary } from '../../instances/index.js';
import type { ReportRepository, SyncDirection } from '../../report/index.js';
import {
  chooseQueueRunner,
  dryRunSync,
  formatDryRunPlan,
  openSyncService,
  createWaitedRunSettler,
  type DryRunPlan,
  type OpenedSyncService,
  type QueueRunner,
  type RunProgress,
} from '../../sync/index.js';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';

interface SyncCommandOptions {
  instance?: string;
  module?: string;
  direction?: SyncDirection;
  dryRun?: boolean;
  wait?: boolean;
  json?: boolean;
  databaseUrl?: string;
  concurrency: number;
  runner?: QueueRunner;
  graphileSchema?: string;
}

/** How often `--wait` looks at the runs, and how often it prints a progress line when not on a terminal. */
const checkEveryMs = 200;
const plainProgressEveryMs = 5_000;

/** `cwsync sync`: start runs now, run them here with --wait, or only show them with --dry-run. */
export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description(
      'Sync now: start a run per instance, module and direction (--wait runs it here, --dry-run only shows it)',
    )
    .option('--instance <id-or-name>', 'only this connector instance (default: every enabled one)')
    .addOption(
      new Option('--module <module>', 'only this module (default: every one)').choices(connectorModules()),
    )
    .addOption(
      new Option('--direction <direction>', 'only this direction (default: each the module has)').choices([
        'push',
        'pull',
      ]),
    )
    .option('--dry-run', 'show what would be created, updated and linked, with the payloads; write nothing')
    .addOption(
      new Option('--wait', 'run the work in this process, with progress, until the runs finish').conflicts(
        'dryRun',
      ),
    )
    .option('--json', 'print one JSON document: { runs: [...] } or, with --dry-run, { plan: [...] }')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--concurrency <n>', 'with --wait: jobs run at the same time (1–100)', parseConcurrency, 4)
    .addOption(
      new Option(
        '--runner <runner>',
        'the job queue (default, as for cwsync worker: graphile on PostgreSQL, embedded on SQLite)',
      ).choices(['graphile', 'embedded']),
    )
    .option('--graphile-schema <schema>', "graphile-worker's schema (default graphile_worker)")
    .addHelpText(
      'after',
      `
A push run queues every BSS record of the module; a pull run queues a poll of the module (the ConnectWise
records changed since the last poll). Without --wait the runs are only queued: a running \`cwsync serve\` or
\`cwsync worker\` does the work (\`cwsync report runs\` follows them). With --wait this process runs the
queue until the runs finish, prints their counts and exits 1 when a run failed (a record failed, still
waits for another, or matched several ConnectWise records); Ctrl-C stops it gracefully (jobs in hand
finish or are handed back to the queue) and exits 130.

--dry-run writes nothing — not to ConnectWise, the BSS, the links, the report or the queue — and lists per
record what would happen (create, update, link, unchanged, skipped, failed, waiting, ambiguous) with the
create body or the PATCH operations, then the counts per module.`,
    )
    .action(async (options: SyncCommandOptions) => {
      process.exitCode = await runSyncCommand(options);
    });
}

/** The module names, read from the connector definition's files (commander needs them before any await). */
function connectorModules(): string[] {
  return readdirSync(join(connectwiseDefinitionDirectory, 'modules'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.replace(/\.yaml$/, ''))
    .sort();
}

function parseConcurrency(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw new InvalidArgumentError('must be a whole number from 1 to 100.');
  }
  return value;
}

async function runSyncCommand(options: SyncCommandOptions): Promise<number> {
  const databaseUrl = options.databaseUrl ?? databaseUrlOf(loadEnvironment());
  // A dry run never starts nor fills the queue: any runner object will do, the embedded one opens nothing.
  const runner = options.dryRun ? 'embedded' : chooseQueueRunner(databaseUrl, options.runner);
  const database = openCommandDatabase(databaseUrl);
  try {
    await database.migrate();
    const opened = await openSyncService({
      db: database.db,
      runner,
      databaseUrl,
      ...(options.graphileSchema ? { graphileSchema: options.graphileSchema } : {}),
    });
    try {
      const targets = await targetInstances(opened.instances, options.instance);
      if (options.dryRun) return await printDryRun(opened, targets, options);
      return await startRuns(opened, database.db, targets, options);
    } finally {
      await opened.close();
    }
  } finally {
    await database.destroy();
  }
}

/** The instance named by --instance (which must be switched on), or every enabled one. */
async function targetInstances(
  instances: InstanceRepository,
  idOrName: string | undefined,
): Promise<InstanceSummary[]> {
  const all = await instances.list();
  if (idOrName === undefined) {
    const enabled = all.filter((instance) => instance.enabled);
    if (enabled.length === 0) {
      throw new NotFoundError('no enabled connector instance to sync (see cwsync instance list)');
    }
    return enabled;
  }
  const found = await instances.get(idOrName);
  if (!found) {
    const known = all.map((instance) => instance.id).join(', ') || 'none yet';
    throw new InvalidArgumentError(`--instance: no connector instance "${idOrName}" (instances: ${known})`);
  }
  if (!found.enabled) {
    throw new InvalidArgumentError(
      `--instance: "${found.id}" is switched off; switch it on with cwsync instance update ${found.id} --enable`,
    );
  }
  return [found];
}

async function printDryRun(
  opened: OpenedSyncService,
  targets: InstanceSummary[],
  options: SyncCommandOptions,
): Promise<number> {
  const plan: DryRunPlan = { entries: [], summary: [] };
  for (const instance of targets) {
    const part = await dryRunSync(
      { runtimes: opened.service.runtimes, store: opened.store, state: opened.service.state },
      {
        instanceId: instance.id,
        ...(options.module ? { modules: [options.module] } : {}),
        ...(options.direction ? { directions: [options.direction] } : {}),
      },
    );
    plan.entries.push(...part.entries);
    plan.summary.push(...part.summary);
  }
  if (options.json) console.log(JSON.stringify({ plan: plan.entries, summary: plan.summary }, null, 2));
  else console.log(formatDryRunPlan(plan));
  return 0;
}

async function startRuns(
  opened: OpenedSyncService,
  db: Kysely<Database>,
  targets: InstanceSummary[],
  options: SyncCommandOptions,
): Promise<number> {
  const { service } = opened;
  const started: RunProgress[] = [];
  for (const instance of targets) {
    const runIds = await service.startRuns({
      instanceId: instance.id,
      ...(options.module ? { module: options.module } : {}),
      ...(options.direction ? { direction: options.direction } : {}),
      trigger: 'manual',
    });
    for (const runId of runIds) {
      const progress = await service.runProgress(runId);
      if (!progress) continue;
      started.push(progress);
      if (!options.json) console.log(describeQueued(progress));
    }
  }
  if (!options.wait) {
    if (options.json) console.log(JSON.stringify({ runs: started, waited: false }, null, 2));
    else
      console.log(
        `Queued ${started.length} run${started.length === 1 ? '' : 's'}: a running \`cwsync serve\` or ` +
          '`cwsync worker` does the work (or sync again with --wait); follow them with `cwsync report runs`.',
      );
    return 0;
  }
  const { runs, interrupted } = await waitForRuns(opened, db, started, options.concurrency);
  const inReport = await countReportEntries(
    service.reports,
    targets.map((instance) => instance.id),
  );
  if (options.json) {
    console.log(JSON.stringify({ runs, report: { records: inReport }, interrupted }, null, 2));
  } else {
    for (const run of runs) console.log(describeFinished(run));
    console.log(
      inReport === 0
        ? 'The connector report is empty: every record is in step.'
        : `${inReport} record${inReport === 1 ? ' is' : 's are'} in the connector report (see cwsync report).`,
    );
    if (interrupted) {
      console.log('Stopped before the runs finished: a `cwsync worker` or `serve` carries on with the rest.');
    }
  }
  if (interrupted) return 130;
  return runs.some((run) => run.status !== 'succeeded') ? 1 : 0;
}

/**
 * Runs the queue here until every started run is finished. A run whose records can no longer move (its jobs
 * were coalesced into others, or it waits for a record that will not sync) is finished as it stands once this
 * process has no job left to run. Ctrl-C stops the queue gracefully and returns what is known.
 */
async function waitForRuns(
  opened: OpenedSyncService,
  db: Kysely<Database>,
  started: RunProgress[],
  concurrency: number,
): Promise<{ runs: RunProgress[]; interrupted: boolean }> {
  const { service, queue } = opened;
  const settler = createWaitedRunSettler(
    { db, state: service.state, reports: service.reports },
    queue,
    Object.keys(service.handlers),
  );
  const running = (list: RunProgress[]) =>
    list.filter((run) => run.status === 'running').map((run) => run.id);
  const display = createProgressDisplay(started);
  let interrupted = false;
  let wake: (() => void) | undefined;
  const onInterrupt = () => {
    interrupted = true;
    wake?.();
  };
  process.once('SIGINT', onInterrupt);
  let runs = started;
  try {
    await queue.start(service.handlers, { concurrency });
    for (;;) {
      await settler.settle(running(runs));
      runs = await currentProgress(opened, runs);
      display.update(runs);
      if (interrupted || runs.every((run) => run.status !== 'running')) break;
      await settler.settleIfIdle(running(runs));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, checkEveryMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    display.stop();
    await queue.stop();
  }
  return { runs: await currentProgress(opened, runs), interrupted };
}

async function currentProgress(opened: OpenedSyncService, runs: RunProgress[]): Promise<RunProgress[]> {
  const current: RunProgress[] = [];
  for (const run of runs) current.push((await opened.service.runProgress(run.id)) ?? run);
  return current;
}

async function countReportEntries(reports: ReportRepository, instanceIds: string[]): Promise<number> {
  let count = 0;
  for (const instanceId of instanceIds) {
    let after: string | undefined;
    do {
      const page = await reports.list({ instanceId, limit: 1000, ...(after ? { after } : {}) });
      count += page.entries.length;
      after = page.next;
    } while (after !== undefined);
  }
  return count;
}

const runLabel = (run: RunProgress) => `run ${run.id}  ${run.instanceId}  ${run.module}  ${run.direction}`;

function describeQueued(run: RunProgress): string {
  if (run.direction === 'pull') return `${runLabel(run)}  poll queued`;
  const records = run.expected ?? 0;
  return `${runLabel(run)}  ${records} record${records === 1 ? '' : 's'} queued`;
}

function describeCounts(run: RunProgress): string {
  return Object.entries(run.counts)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
}

function describeFinished(run: RunProgress): string {
  return `${runLabel(run)}  ${run.status}: ${describeCounts(run)}`;
}

interface ProgressDisplay {
  update(runs: RunProgress[]): void;
  stop(): void;
}

/** One bar per run on a terminal; elsewhere (a pipe, CI) a plain line per running run every few seconds. */
function createProgressDisplay(runs: RunProgress[]): ProgressDisplay {
  const labelOf = (run: RunProgress) => `${run.instanceId} ${run.module} ${run.direction}`;
  const width = Math.max(...runs.map((run) => labelOf(run).length));
  const values = (run: RunProgress) => ({ label: labelOf(run).padEnd(width), ...run.counts });
  if (process.stderr.isTTY) {
    const multibar = new cliProgress.MultiBar(
      {
        stream: process.stderr,
        format:
          '{label} [{bar}] {value}/{total} | created {created} updated {updated} linked {linked} ' +
          'unchanged {unchanged} failed {failed}',
        barsize: 16,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    const bars = new Map(runs.map((run) => [run.id, multibar.create(totalOf(run), run.done, values(run))]));
    return {
      update(current) {
        for (const run of current) {
          const bar = bars.get(run.id);
          bar?.setTotal(totalOf(run));
          bar?.update(run.done, values(run));
        }
      },
      stop: () => multibar.stop(),
    };
  }
  let lastLine = Date.now();
  return {
    update(current) {
      if (Date.now() - lastLine < plainProgressEveryMs) return;
      lastLine = Date.now();
      for (const run of current) {
        if (run.status !== 'running') continue;
        console.error(`${runLabel(run)}  ${run.done}/${run.expected ?? '?'}: ${describeCounts(run)}`);
      }
    },
    stop: () => undefined,
  };
}

/** A pull run learns its size once its poll has listed everything: until then, what is done so far. */
const totalOf = (run: RunProgress) => Math.max(run.expected ?? run.done, run.done, 1);
