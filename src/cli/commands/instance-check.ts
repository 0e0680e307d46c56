import type { Command } from 'commander';
import { databaseUrlOf, loadEnvironment } from '../../config/env.js';
import { openSecrets } from '../../config/open-secrets.js';
import type { DatabaseHandle } from '../../db/index.js';
import { loadConnectWiseDefinition } from '../../connectors/connectwise/index.js';
import {
  checkInstance,
  createInstanceRepository,
  createLookupRepository,
  formatInstanceCheck,
  InstanceNotFoundError,
  type InstanceCheckResult,
} from '../../instances/index.js';
import {
  chooseQueueRunner,
  formatCanary,
  openSyncService,
  parseCanary,
  pushCanary,
  type CanaryResult,
} from '../../sync/index.js';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';

interface CheckOptions {
  databaseUrl?: string;
  json?: boolean;
  canary?: string;
}

/**
 * `cwsync instance check <id> [--canary <module>:<id>]`: the tenant's readiness checklist, then optionally one
 * chosen record pushed and read back; exit code 1 when a line fails or the canary is not kept as sent.
 */
export function registerInstanceCheckCommand(instance: Command): void {
  instance
    .command('check')
    .description(
      'Check that the ConnectWise tenant is ready for cwsync (read-only): connection, API version, rights, server variables, lookups, country and currency codes, required custom fields',
    )
    .argument('<id-or-name>', 'the instance id or name (it may be switched off)')
    .option(
      '--canary <module:record-id>',
      'then push this one BSS record (e.g. accounts:A-1) — even on a switched-off instance — and show ConnectWise’s copy field by field',
    )
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print the checklist (and the canary) as JSON')
    .addHelpText(
      'after',
      '\nEach line has a status (ok, FAIL, skip) and, when it fails, the fix. The check writes nothing; --canary writes\nthat one record (and links it, like any sync would). Exits with 1 when a line fails or the canary is not in step.',
    )
    .action(async (idOrName: string, options: CheckOptions) => {
      const canary = options.canary === undefined ? undefined : parseCanary(options.canary);
      const databaseUrl = options.databaseUrl ?? databaseUrlOf(loadEnvironment());
      const database = openCommandDatabase(databaseUrl);
      try {
        await database.migrate();
        const check = await runCheck(database, idOrName);
        const pushed = canary ? await runCanary(database, databaseUrl, check.instanceId, canary) : undefined;
        if (options.json)
          console.log(JSON.stringify({ ...check, ...(pushed ? { canary: pushed } : {}) }, null, 2));
        else {
          console.log(formatInstanceCheck(check));
          if (pushed) console.log(`\n${formatCanary(pushed)}`);
        }
        const canaryKept =
          !pushed || (pushed.outcome === 'in-step' && pushed.fields.every((field) => field.same));
        if (!check.ok || !canaryKept) process.exitCode = 1;
      } finally {
        await database.destroy();
      }
    });
}

async function runCheck(database: DatabaseHandle, idOrName: string): Promise<InstanceCheckResult> {
  const { definition } = await loadConnectWiseDefinition();
  const secrets = await openSecrets(loadEnvironment());
  const instances = createInstanceRepository(database.db, secrets, definition);
  if (!(await instances.get(idOrName))) throw new InstanceNotFoundError(idOrName);
  const lookups = createLookupRepository(database.db, definition);
  return checkInstance({ instances, lookups, definition }, idOrName);
}

/** The canary through the sync service this database's processes use (its queue gets what the record waits for). */
async function runCanary(
  database: DatabaseHandle,
  databaseUrl: string,
  instanceId: string,
  canary: { module: string; recordId: string },
): Promise<CanaryResult> {
  const opened = await openSyncService({
    db: database.db,
    runner: chooseQueueRunner(databaseUrl),
    databaseUrl,
    service: { includeDisabled: true },
  });
  try {
    return await pushCanary(opened.service, { instanceId, ...canary });
  } finally {
    await opened.close();
  }
}
