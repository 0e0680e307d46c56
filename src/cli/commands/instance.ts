import type { Command } from 'commander';
import { loadEnvironment } from '../../config/env.js';
import { openSecrets } from '../../config/open-secrets.js';
import type { DatabaseHandle } from '../../db/index.js';
import { type ConnectorDefinition } from '../../engine/index.js';
import { loadConnectWiseDefinition } from '../../connectors/connectwise/index.js';
import {
  openInstanceClient,
  createInstanceRepository,
  effectiveServerVariables,
  effectiveSyncOptions,
  InstanceNotFoundError,
  InstanceValidationError,
  testInstanceConnection,
  type InstanceChanges,
  type InstanceRepository,
  type InstanceSummary,
} from '../../instances/index.js';
import { registerCallbacks, unregisterCallbacks } from '../../connectors/connectwise/index.js';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';
import { registerInstanceCheckCommand } from './instance-check.js';
import { registerInstanceVariablesCommand } from './instance-variables.js';

interface CommonOptions {
  databaseUrl?: string;
  json?: boolean;
}

interface SettingOptions extends CommonOptions {
  name?: string;
  id?: string;
  siteUrl?: string;
  companyId?: string;
  publicKey?: string;
  privateKey?: string;
  clientId?: string;
  apiVersion?: string;
  setVariable: string[];
  unsetVariable: string[];
  map?: string[];
  leaveOut?: string[];
  defaultMapping?: string[];
  option: string[];
  enable?: boolean;
  disable?: boolean;
}

const keysHelp = `
API keys come from --public-key / --private-key or, so they stay out of the shell history, from the
environment: CWSYNC_PUBLIC_KEY and CWSYNC_PRIVATE_KEY. They are stored encrypted (CWSYNC_SECRET_KEY, or the
key file in CWSYNC_DATA_DIR) and never printed.`;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerInstanceCommand(program: Command): void {
  const instance = program
    .command('instance')
    .description('Configure the ConnectWise tenants (connector instances) cwsync syncs with');

  withSettingOptions(
    instance
      .command('add')
      .description('Add a connector instance (its id is made from the name unless --id is given)')
      .argument('<name>', 'a name for the tenant, unique, e.g. "ConnectWise production"')
      .option('--id <id>', 'the instance id the BSS sees in integrationIds (default: from the name)'),
  )
    .addHelpText('after', keysHelp)
    .action(async (name: string, options: SettingOptions) => {
      await withInstances(options, async (instances, definition) => {
        const created = await instances.create({
          name,
          ...(options.id ? { id: options.id } : {}),
          siteUrl: options.siteUrl ?? '',
          companyId: options.companyId ?? '',
          publicKey: options.publicKey ?? envKey('CWSYNC_PUBLIC_KEY') ?? '',
          privateKey: options.privateKey ?? envKey('CWSYNC_PRIVATE_KEY') ?? '',
          clientId: options.clientId ?? '',
          ...(options.apiVersion ? { apiVersion: options.apiVersion as '2022.1' } : {}),
          serverVariables: applyVariables({}, options, definition),
          syncOptions: applyOptions({}, options.option),
          mappingOverrides: applyMappingOptions({}, options),
          enabled: !options.disable,
        });
        if (options.json) console.log(JSON.stringify(created, null, 2));
        else
          console.log(
            `Added instance ${created.id} (${created.name}). Check it with: cwsync instance test ${created.id}`,
          );
      });
    });

  instance
    .command('list')
    .description('List the connector instances (never their keys)')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print JSON')
    .action(async (options: CommonOptions) => {
      await withInstances(options, async (instances) => {
        const all = await instances.list();
        if (options.json) console.log(JSON.stringify(all, null, 2));
        else if (all.length === 0)
          console.log('No connector instances. Add one with: cwsync instance add <name> …');
        else for (const entry of all) console.log(describeLine(entry));
      });
    });

  instance
    .command('show')
    .description('Show one instance with its effective server variables and synchronization options')
    .argument('<id-or-name>', 'the instance id or name')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print JSON')
    .action(async (idOrName: string, options: CommonOptions) => {
      await withInstances(options, async (instances, definition) => {
        const found = await instances.get(idOrName);
        if (!found) throw new InstanceNotFoundError(idOrName);
        const shown = {
          ...found,
          effectiveServerVariables: effectiveServerVariables(definition, found.serverVariables),
          effectiveSyncOptions: effectiveSyncOptions(definition, found.syncOptions),
        };
        if (options.json) {
          console.log(JSON.stringify(shown, null, 2));
          return;
        }
        console.log(describeLine(found));
        console.log(
          `  company ${found.companyId}, clientId ${found.clientId}, API version ${found.apiVersion}`,
        );
        console.log(`  public key ${found.publicKeyHint}, private key stored encrypted`);
        console.log('  server variables:');
        for (const [name, value] of Object.entries(shown.effectiveServerVariables)) {
          const overridden = name in found.serverVariables ? '' : ' (default)';
          console.log(`    ${name} = ${value}${overridden}`);
        }
        console.log('  synchronization:');
        for (const [module, abilities] of Object.entries(shown.effectiveSyncOptions)) {
          const on = Object.entries(abilities)
            .filter(([, enabled]) => enabled)
            .map(([ability]) => ability);
          console.log(`    ${module}: ${on.length > 0 ? on.join(', ') : 'off'}`);
        }
        const customised = Object.entries(found.mappingOverrides);
        if (customised.length > 0) {
          console.log('  customised mapping:');
          for (const [key, expression] of customised) {
            console.log(`    ${key} = ${expression ?? '(left out)'}`);
          }
        }
      });
    });

  withSettingOptions(
    instance
      .command('update')
      .description('Change an instance; only the options given change')
      .argument('<id-or-name>', 'the instance id or name')
      .option('--name <name>', 'a new name (the id stays)'),
  )
    .option('--unset-variable <name>', 'back to the definition default (repeatable)', collect, [])
    .option(
      '--default-mapping <module.direction.field>',
      "back to the connector's own mapping of a field (repeatable)",
      collect,
      [],
    )
    .option('--enable', 'switch the instance on')
    .addHelpText('after', keysHelp)
    .action(async (idOrName: string, options: SettingOptions) => {
      await withInstances(options, async (instances, definition) => {
        const current = await instances.get(idOrName);
        if (!current) throw new InstanceNotFoundError(idOrName);
        if (options.enable && options.disable) {
          throw InstanceValidationError.at('enabled', 'exclusive', 'give --enable or --disable, not both');
        }
        const publicKey = options.publicKey ?? envKey('CWSYNC_PUBLIC_KEY');
        const privateKey = options.privateKey ?? envKey('CWSYNC_PRIVATE_KEY');
        const changes: InstanceChanges = {
          ...(options.name !== undefined ? { name: options.name } : {}),
          ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}),
          ...(options.companyId !== undefined ? { companyId: options.companyId } : {}),
          ...(publicKey !== undefined ? { publicKey } : {}),
          ...(privateKey !== undefined ? { privateKey } : {}),
          ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
          ...(options.apiVersion !== undefined ? { apiVersion: options.apiVersion as '2022.1' } : {}),
          serverVariables: applyVariables(current.serverVariables, options, definition),
          syncOptions: applyOptions(current.syncOptions, options.option),
          mappingOverrides: applyMappingOptions(current.mappingOverrides, options),
          ...(options.enable ? { enabled: true } : options.disable ? { enabled: false } : {}),
        };
        const updated = await instances.update(current.id, changes);
        if (options.json) console.log(JSON.stringify(updated, null, 2));
        else console.log(`Updated ${describeLine(updated)}`);
      });
    });

  registerInstanceVariablesCommand(instance, withInstances);

  instance
    .command('remove')
    .description('Remove an instance with its lookups and its links (the records’ integrationIds for it)')
    .argument('<id-or-name>', 'the instance id or name')
    .option('--database-url <url>', databaseUrlHelp)
    .action(async (idOrName: string, options: CommonOptions) => {
      await withInstances(options, async (instances) => {
        if (!(await instances.remove(idOrName))) throw new InstanceNotFoundError(idOrName);
        console.log(`Removed instance ${idOrName}.`);
      });
    });

  instance
    .command('test')
    .description('Test the connection: site, company, codebase, keys, clientId and the API member’s rights')
    .argument('<id-or-name>', 'the instance id or name')
    .option('--codebase <codebase>', 'use this codebase instead of the one companyinfo reports')
    .option(
      '--no-write-check',
      'skip the write check (a POST of an empty company, which ConnectWise refuses without creating anything)',
    )
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print the result as JSON')
    .action(async (idOrName: string, options: CommonOptions & { codebase?: string; writeCheck: boolean }) => {
      await withInstances(options, async (instances) => {
        const credentials = await instances.credentialsOf(idOrName);
        const result = await testInstanceConnection(credentials, {
          ...(options.codebase ? { codebase: options.codebase } : {}),
          checkWrite: options.writeCheck,
        });
        if (options.json) console.log(JSON.stringify(result, null, 2));
        else {
          for (const check of result.checks)
            console.log(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.message}`);
          console.log(
            result.ok ? result.message : `Connection failed (${result.problem}): ${result.message}`,
          );
        }
        if (!result.ok) process.exitCode = 1;
      });
    });

  registerInstanceCheckCommand(instance);

  instance
    .command('callbacks')
    .description(
      'Register (or with --remove, remove) the ConnectWise callbacks that announce changed records',
    )
    .argument('<id-or-name>', 'the instance id or name')
    .option(
      '--public-url <url>',
      'where ConnectWise reaches cwsync, e.g. https://cwsync.example.com (or CWSYNC_PUBLIC_URL)',
    )
    .option('--remove', 'remove the callbacks this instance has at that URL')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
One callback per pulled record type (company, contact), level owner, posting to
<public-url>/api/v1/connectwise/callbacks/<instance-id>. Running it again keeps what is there. ConnectWise
must be able to reach the public URL; the callbacks are checked by their signature, not by a token.`,
    )
    .action(async (idOrName: string, options: CommonOptions & { publicUrl?: string; remove?: boolean }) => {
      const publicUrl = options.publicUrl ?? loadEnvironment().CWSYNC_PUBLIC_URL;
      if (!publicUrl) {
        throw InstanceValidationError.at(
          '--public-url',
          'required',
          'give the URL ConnectWise reaches cwsync at, or set CWSYNC_PUBLIC_URL',
        );
      }
      await withInstances(options, async (instances, definition) => {
        const found = await instances.get(idOrName);
        if (!found) throw new InstanceNotFoundError(idOrName);
        const client = await openInstanceClient(instances, found.id);
        try {
          const target = { instance: found, client, connector: { definition } };
          if (options.remove) {
            const removed = await unregisterCallbacks(target, publicUrl);
            if (options.json) console.log(JSON.stringify({ removed }, null, 2));
            else console.log(`Removed ${removed.length} callback(s) of ${found.id}.`);
            return;
          }
          const registration = await registerCallbacks(target, publicUrl);
          if (options.json) console.log(JSON.stringify(registration, null, 2));
          else {
            console.log(`Callbacks of ${found.id} post to ${registration.url}`);
            for (const entry of registration.created) console.log(`  created  ${entry.type} (#${entry.id})`);
            for (const entry of registration.kept) console.log(`  kept     ${entry.type} (#${entry.id})`);
            for (const entry of registration.removed) console.log(`  removed  ${entry.type} (#${entry.id})`);
          }
        } finally {
          await client.close();
        }
      });
    });
}

function withSettingOptions(command: Command): Command {
  return command
    .option(
      '--site-url <url>',
      'the ConnectWise site, e.g. na.myconnectwise.net (or http://127.0.0.1:PORT for the sandbox)',
    )
    .option('--company-id <id>', 'the company you log in to ConnectWise with')
    .option('--public-key <key>', 'the API member’s public key (or CWSYNC_PUBLIC_KEY)')
    .option('--private-key <key>', 'the API member’s private key (or CWSYNC_PRIVATE_KEY)')
    .option('--client-id <guid>', 'the clientId GUID from developer.connectwise.com/ClientID')
    .option('--api-version <version>', 'the ConnectWise API version: 2022.1 (default), 2025.8 or 2026.4')
    .option('--set-variable <name=value>', 'override a server variable (repeatable)', collect, [])
    .option(
      '--option <module.direction.ability=on|off>',
      'switch an ability, e.g. contacts.pull.create=off (repeatable)',
      collect,
      [],
    )
    .option(
      '--map <module.direction.field=expression>',
      "customise a field's mapping with a JSONata expression, e.g. accounts.push.name=$uppercase(record.name) (repeatable)",
      collect,
      [],
    )
    .option(
      '--leave-out <module.direction.field>',
      'leave a mapped field out for this instance (repeatable)',
      collect,
      [],
    )
    .option('--disable', 'keep the instance switched off')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print the instance as JSON');
}

/** The instance's mapping overrides after `--map`, `--leave-out` and `--default-mapping`. */
function applyMappingOptions(
  current: Record<string, string | null>,
  options: Pick<SettingOptions, 'map' | 'leaveOut' | 'defaultMapping'>,
): Record<string, string | null> {
  const overrides = { ...current };
  for (const entry of options.map ?? []) {
    const [key, expression] = splitPair(entry, '--map', 'module.direction.field=expression');
    overrides[key] = expression;
  }
  for (const key of options.leaveOut ?? []) overrides[key] = null;
  for (const key of options.defaultMapping ?? []) delete overrides[key];
  return overrides;
}

async function withInstances(
  options: CommonOptions,
  work: (
    instances: InstanceRepository,
    definition: ConnectorDefinition,
    database: DatabaseHandle,
  ) => Promise<void>,
): Promise<void> {
  const { definition } = await loadConnectWiseDefinition();
  const secrets = await openSecrets(loadEnvironment());
  const database = openCommandDatabase(options.databaseUrl);
  try {
    await database.migrate();
    await work(createInstanceRepository(database.db, secrets, definition), definition, database);
  } finally {
    await database.destroy();
  }
}

/** `--set-variable name=value`: a whole number for an integer variable, text otherwise. */
function applyVariables(
  current: Record<string, number | string>,
  options: Pick<SettingOptions, 'setVariable' | 'unsetVariable'>,
  definition: ConnectorDefinition,
): Record<string, number | string> {
  const variables = { ...current };
  for (const entry of options.setVariable) {
    const [name, value] = splitPair(entry, '--set-variable', 'name=value');
    variables[name] =
      definition.serverVariables[name]?.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  for (const name of options.unsetVariable ?? []) delete variables[name];
  return variables;
}

/** `--option contacts.pull.create=off`: on/off, true/false, yes/no. */
function applyOptions(current: Record<string, boolean>, entries: string[]): Record<string, boolean> {
  const switches = { ...current };
  for (const entry of entries) {
    const [key, value] = splitPair(entry, '--option', '<module>.<push|pull>.<ability>=on|off');
    const on = ['on', 'true', 'yes'].includes(value.toLowerCase());
    if (!on && !['off', 'false', 'no'].includes(value.toLowerCase())) {
      throw InstanceValidationError.at(
        `--option ${key}`,
        'enum',
        `the value must be on or off, got "${value}"`,
      );
    }
    switches[key] = on;
  }
  return switches;
}

function splitPair(entry: string, flag: string, shape: string): [string, string] {
  const equals = entry.indexOf('=');
  if (equals <= 0) throw InstanceValidationError.at(`${flag} "${entry}"`, 'format', `expected ${shape}`);
  return [entry.slice(0, equals).trim(), entry.slice(equals + 1).trim()];
}

/** A key from the environment; an empty variable counts as unset. */
function envKey(name: 'CWSYNC_PUBLIC_KEY' | 'CWSYNC_PRIVATE_KEY'): string | undefined {
  const value = process.env[name]?.trim();
  return value === '' ? undefined : value;
}

function describeLine(instance: InstanceSummary): string {
  return `${instance.id}  ${instance.name}  ${instance.siteUrl}  ${instance.enabled ? 'enabled' : 'disabled'}`;
}
