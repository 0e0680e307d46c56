import cliProgress from 'cli-progress';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { databaseUrlOf, loadEnvironment } from '../../config/env.js';
import { scheduleKind } from '../../jobs/index.js';
import {
  formatReconciliation,
  reconcileInstance,
  recordsOfGroup,
  resolveDrift,
  type Reconciliation,
  type ReconcileProgress,
  type RecordDrift,
  type ResolveResult,
} from '../../reconcile/index.js';
import {
  chooseQueueRunner,
  openSyncService,
  type OpenedSyncService,
  type QueueRunner,
} from '../../sync/index.js';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';

interface ReconcileOptions {
  instance: string;
  module?: string;
  json?: boolean;
  push?: boolean;
  pull?: boolean;
  record?: string[];
  group?: string;
  wait?: boolean;
  databaseUrl?: string;
  runner?: QueueRunner;
  graphileSchema?: string;
}

/** The exit code when drift is found (1 stays for errors). */
export const driftExitCode = 2;

export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description(
      "Compare every linked record with ConnectWise's copy through the mapping, list the drift; --push/--pull resolve it",
    )
    .requiredOption('--instance <id-or-name>', 'the connector instance')
    .option('--module <module>', 'only this module (default: every module the connector pushes)')
    .option('--json', 'print one JSON document')
    .addOption(new Option('--push', 'push this side: put ConnectWise in step with the BSS').conflicts('pull'))
    .option('--pull', 'pull that side: put the BSS in step with ConnectWise')
    .option('--record <module:id...>', 'with --push/--pull: only these drifted records (the BSS id)')
    .option(
      '--group <key>',
      'with --push/--pull: only this group (a key the listing prints, or a module: its whole drift)',
    )
    .option('--wait', 'with --push/--pull: run the queued jobs here, then reconcile again')
    .option('--database-url <url>', databaseUrlHelp)
    .addOption(
      new Option(
        '--runner <runner>',
        "the workers' queue (default graphile on PostgreSQL, embedded on SQLite)",
      ).choices(['graphile', 'embedded']),
    )
    .option('--graphile-schema <schema>', "graphile-worker's schema (default graphile_worker)")
    .addHelpText(
      'after',
      `
Reads only: ConnectWise is read in pages of ids, the BSS side is mapped by the push itself run as a preview.
Each differing field is told apart by the link's snapshot of the last sync: changed in the BSS, changed in
ConnectWise, or changed on both sides; a link whose record is gone on one side is listed too.

--push queues the push of the chosen drifted records (every one without --record or --group), --pull their pull
(modules the connector pulls only; the instance's sync options apply). A running \`cwsync serve\` or worker does
the work, or this process with --wait.

Exit code: 0 when every linked record is in step, ${driftExitCode} when drift is found (after --wait: drift left), 1 on errors.`,
    )
    .action(async (options: ReconcileOptions) => {
      if ((options.record || options.group) && !options.push && !options.pull) {
        throw new InvalidArgumentError('--record and --group choose what --push or --pull resolves');
      }
      process.exitCode = await runReconcile(options);
    });
}

async function runReconcile(options: ReconcileOptions): Promise<number> {
  const databaseUrl = options.databaseUrl ?? databaseUrlOf(loadEnvironment());
  const resolving = options.push === true || options.pull === true;
  const database = openCommandDatabase(databaseUrl);
  try {
    await database.migrate();
    const opened = await openSyncService({
      db: database.db,
      // Reading only never starts nor fills the queue: the embedded runner opens nothing.
      runner: resolving ? chooseQueueRunner(databaseUrl, options.runner) : 'embedded',
      databaseUrl,
      ...(options.graphileSchema ? { graphileSchema: options.graphileSchema } : {}),
    });
    try {
      const instance = await opened.instances.get(options.instance);
      if (!instance)
        throw new InvalidArgumentError(`--instance: no connector instance "${options.instance}"`);
      const reconcile = () =>
        withProgress(options, (onProgress) =>
          reconcileInstance(
            { runtimes: opened.service.runtimes, db: database.db, store: opened.store },
            { instanceId: instance.id, ...(options.module ? { modules: [options.module] } : {}), onProgress },
          ),
        );
      const found = await reconcile();
      if (!resolving) {
        console.log(options.json ? JSON.stringify(found, null, 2) : formatReconciliation(found));
        return found.drift.length > 0 ? driftExitCode : 0;
      }
      const chosen = chooseRecords(found, options);
      const resolved = await resolveDrift(
        {
          runtimes: opened.service.runtimes,
          db: database.db,
          store: opened.store,
          reports: opened.service.reports,
          queue: opened.queue,
        },
        instance.id,
        chosen,
        options.push ? 'bss' : 'connectwise',
      );
      if (!options.wait) {
        if (options.json) console.log(JSON.stringify({ resolved }, null, 2));
        else {
          printResolved(resolved);
          console.log('A running `cwsync serve` or `cwsync worker` does the work (or resolve with --wait).');
        }
        return 0;
      }
      await runQueueUntilIdle(opened);
      const after = await reconcile();
      if (options.json) console.log(JSON.stringify({ resolved, after }, null, 2));
      else {
        printResolved(resolved);
        console.log('', formatReconciliation(after));
      }
      return after.drift.length > 0 ? driftExitCode : 0;
    } finally {
      await opened.close();
    }
  } finally {
    await database.destroy();
  }
}

function chooseRecords(found: Reconciliation, options: ReconcileOptions): RecordDrift[] {
  if (options.group !== undefined) {
    const records = recordsOfGroup(found.drift, options.group);
    if (records.length === 0)
      throw new InvalidArgumentError(`--group: no record drifts as "${options.group}"`);
    return records;
  }
  if (options.record === undefined) return found.drift;
  return options.record.map((wanted) => {
    const [module, ...rest] = wanted.split(':');
    const recordId = rest.join(':');
    const record = found.drift.find((drift) => drift.module === module && drift.recordId === recordId);
    if (!record) throw new InvalidArgumentError(`--record: ${wanted} does not drift (give module:id)`);
    return record;
  });
}

function printResolved(resolved: ResolveResult): void {
  for (const job of resolved.queued) {
    const target = job.direction === 'pull' ? ` (ConnectWise #${job.jobRecordId})` : '';
    console.log(`Queued a ${job.direction} of ${job.module} ${job.recordId}${target}.`);
  }
  for (const refused of resolved.refused) {
    console.log(`Not queued: ${refused.module} ${refused.recordId}: ${refused.reason}.`);
  }
}

/** Runs this process's share of the queue until no push or pull job is left. */
async function runQueueUntilIdle(opened: OpenedSyncService): Promise<void> {
  const { queue, service } = opened;
  await queue.start(service.handlers, { concurrency: 4 });
  try {
    let idleChecks = 0;
    while (idleChecks < 2) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stats = await queue.stats();
      const left = Object.entries(stats.byKind)
        .filter(([kind]) => kind !== scheduleKind && kind in service.handlers)
        .reduce((sum, [, kind]) => sum + kind.waiting + kind.running, 0);
      idleChecks = left === 0 ? idleChecks + 1 : 0;
    }
  } finally {
    await queue.stop();
  }
}

/** A progress bar per module on a terminal (stdout a TTY, not --json); nothing otherwise. */
async function withProgress<T>(
  options: ReconcileOptions,
  work: (onProgress: (progress: ReconcileProgress) => void) => Promise<T>,
): Promise<T> {
  if (!process.stdout.isTTY || options.json) return work(() => undefined);
  const multibar = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: '{module} [{bar}] {value}/{total} linked records compared',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  try {
    return await work((progress) => {
      let bar = bars.get(progress.module);
      if (!bar)
        bars.set(progress.module, (bar = multibar.create(progress.total, 0, { module: progress.module })));
      bar.setTotal(Math.max(progress.total, 1));
      bar.update(progress.done, { module: progress.module });
    });
  } finally {
    multibar.stop();
  }
}
