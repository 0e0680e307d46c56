import type { Command } from 'commander';
import { loadEnvironment } from '../../config/env.js';
import { openSecrets } from '../../config/open-secrets.js';
import type { ConnectorDefinition } from '../../engine/index.js';
import { loadConnectWiseDefinition } from '../../connectors/connectwise/index.js';
import {
  openInstanceClient,
  createInstanceRepository,
  createLookupRepository,
  InstanceNotFoundError,
  listLookupOptions,
  type InstanceRepository,
  type LookupRepository,
} from '../../instances/index.js';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';

interface LookupOptions {
  instance: string;
  lookup?: string;
  internalId?: string;
  internalName?: string;
  integrationId?: string;
  databaseUrl?: string;
  json?: boolean;
}

export function registerLookupCommand(program: Command): void {
  const lookup = program
    .command('lookup')
    .description('Map BSS values (account types, currencies, …) to ConnectWise values, per instance');

  lookup
    .command('set')
    .description('Map one BSS value to one ConnectWise value (replaces an existing mapping of it)')
    .requiredOption('--instance <id-or-name>', 'the connector instance')
    .requiredOption('--lookup <name>', 'the lookup, e.g. Currency (see cwsync instance show)')
    .requiredOption('--internal-id <id>', 'the BSS value: the id of the BSS lookup record')
    .requiredOption(
      '--integration-id <value>',
      'the ConnectWise value: its id, or the text of a typed lookup such as PaymentMethod (see cwsync lookup options)',
    )
    .option('--internal-name <name>', 'a name to show for the BSS value')
    .option('--database-url <url>', databaseUrlHelp)
    .action(async (options: LookupOptions) => {
      await withLookups(options, async ({ lookups, instanceId }) => {
        await lookups.set(instanceId, {
          lookup: options.lookup as string,
          internalId: options.internalId as string,
          integrationId: options.integrationId as string,
          ...(options.internalName ? { internalName: options.internalName } : {}),
        });
        console.log(`${options.lookup}: ${options.internalId} → ${options.integrationId} on ${instanceId}`);
      });
    });

  lookup
    .command('list')
    .description('List the mappings of an instance')
    .requiredOption('--instance <id-or-name>', 'the connector instance')
    .option('--lookup <name>', 'only this lookup')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print JSON')
    .action(async (options: LookupOptions) => {
      await withLookups(options, async ({ lookups, instanceId }) => {
        const rows = await lookups.list(instanceId, options.lookup);
        if (options.json) console.log(JSON.stringify(rows, null, 2));
        else if (rows.length === 0)
          console.log(`No lookups on ${instanceId}${options.lookup ? ` for ${options.lookup}` : ''}.`);
        else {
          for (const row of rows) {
            const name = row.internalName ? ` (${row.internalName})` : '';
            console.log(`${row.lookup}  ${row.internalId}${name} → ${row.integrationId}`);
          }
        }
      });
    });

  lookup
    .command('remove')
    .description('Remove one mapping')
    .requiredOption('--instance <id-or-name>', 'the connector instance')
    .requiredOption('--lookup <name>', 'the lookup')
    .requiredOption('--internal-id <id>', 'the BSS value')
    .option('--database-url <url>', databaseUrlHelp)
    .action(async (options: LookupOptions) => {
      await withLookups(options, async ({ lookups, instanceId }) => {
        if (!(await lookups.remove(instanceId, options.lookup as string, options.internalId as string))) {
          console.error(
            `cwsync lookup remove: ${instanceId} has no ${options.lookup} mapping for ${options.internalId}`,
          );
          process.exitCode = 1;
          return;
        }
        console.log(`Removed ${options.lookup} ${options.internalId} from ${instanceId}.`);
      });
    });

  lookup
    .command('options')
    .description('List the ConnectWise values a lookup can map to, read from the instance’s ConnectWise')
    .requiredOption('--instance <id-or-name>', 'the connector instance')
    .requiredOption('--lookup <name>', 'the lookup, e.g. Currency')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print JSON')
    .action(async (options: LookupOptions) => {
      await withLookups(options, async ({ instances, instanceId, definition }) => {
        const client = await openInstanceClient(instances, instanceId, { codebase: 'discover' });
        try {
          const values = await listLookupOptions(client, definition, options.lookup as string);
          if (options.json) console.log(JSON.stringify(values, null, 2));
          else if (values.connectwiseValue === 'text') {
            const limit = values.maxLength !== undefined ? `, up to ${values.maxLength} characters` : '';
            console.log(
              `ConnectWise lists no ${options.lookup} values: type the text it should keep${limit}` +
                ` (cwsync lookup set --instance … --lookup ${options.lookup} --internal-id … --integration-id "…").`,
            );
            if (values.items.length > 0)
              console.log(`For example: ${values.items.map((item) => item.label).join(', ')}`);
          } else for (const value of values.items) console.log(`${value.integrationId}  ${value.label}`);
        } finally {
          await client.close();
        }
      });
    });
}

async function withLookups(
  options: LookupOptions,
  work: (context: {
    lookups: LookupRepository;
    instances: InstanceRepository;
    instanceId: string;
    definition: ConnectorDefinition;
  }) => Promise<void>,
): Promise<void> {
  const { definition } = await loadConnectWiseDefinition();
  const secrets = await openSecrets(loadEnvironment());
  const database = openCommandDatabase(options.databaseUrl);
  try {
    await database.migrate();
    const instances = createInstanceRepository(database.db, secrets, definition);
    const found = await instances.get(options.instance);
    if (!found) throw new InstanceNotFoundError(options.instance);
    await work({
      lookups: createLookupRepository(database.db, definition),
      instances,
      instanceId: found.id,
      definition,
    });
  } finally {
    await database.destroy();
  }
}
