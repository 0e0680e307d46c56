import type { Command } from 'commander';
import { loadEnvironment } from '../../config/env.js';
import { openSecrets } from '../../config/open-secrets.js';
import { loadConnectorDefinition } from '../../engine/definition/load-definition.js';
import {
  checkInstance,
  createInstanceRepository,
  createLookupRepository,
  formatInstanceCheck,
  InstanceNotFoundError,
} from '../../instances/index.js';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';

interface CheckOptions {
  databaseUrl?: string;
  json?: boolean;
}

/** `cwsync instance check <id>`: the tenant's readiness checklist; exit code 1 when a line fails. */
export function registerInstanceCheckCommand(instance: Command): void {
  instance
    .command('check')
    .description(
      'Check that the ConnectWise tenant is ready for cwsync (read-only): connection, API version, rights, server variables, lookups, country and currency codes, required custom fields',
    )
    .argument('<id-or-name>', 'the instance id or name (it may be switched off)')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print the checklist as JSON')
    .addHelpText(
      'after',
      '\nEach line has a status (ok, FAIL, skip) and, when it fails, the fix. Exits with 1 when any line fails.',
    )
    .action(async (idOrName: string, options: CheckOptions) => {
      const { definition } = await loadConnectorDefinition();
      const secrets = await openSecrets(loadEnvironment());
      const database = openCommandDatabase(options.databaseUrl);
      try {
        await database.migrate();
        const instances = createInstanceRepository(database.db, secrets, definition);
        if (!(await instances.get(idOrName))) throw new InstanceNotFoundError(idOrName);
        const lookups = createLookupRepository(database.db, definition);
        const result = await checkInstance({ instances, lookups, definition }, idOrName);
        console.log(options.json ? JSON.stringify(result, null, 2) : formatInstanceCheck(result));
        if (!result.ok) process.exitCode = 1;
      } finally {
        await database.destroy();
      }
    });
}
