import type { Command } from 'commander';
import type { ConnectorDefinition } from '../../engine/index.js';
import {
  openInstanceClient,
  effectiveServerVariables,
  InstanceNotFoundError,
  InstanceValidationError,
  listServerVariableOptions,
  resolveRecordByIdOrName,
  type InstanceRepository,
  type LookupOption,
} from '../../instances/index.js';
import { formatTable } from '../../report/format-report.js';
import { databaseUrlHelp } from '../database-option.js';

interface VariablesOptions {
  instance: string;
  set: string[];
  unset: string[];
  databaseUrl?: string;
  json?: boolean;
}

type WithInstances = (
  options: { databaseUrl?: string },
  work: (instances: InstanceRepository, definition: ConnectorDefinition) => Promise<void>,
) => Promise<void>;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `cwsync instance variables`: each server variable with its value and the ConnectWise record it names. */
export function registerInstanceVariablesCommand(instance: Command, withInstances: WithInstances): void {
  instance
    .command('variables')
    .description(
      'List the server variables with their values and the names of the ConnectWise records they name; set one by name or id',
    )
    .requiredOption('--instance <id-or-name>', 'the connector instance')
    .option(
      '--set <variable=value>',
      'set a variable; one that names a ConnectWise record takes its id or its name (repeatable)',
      collect,
      [],
    )
    .option('--unset <variable>', 'back to the definition default (repeatable)', collect, [])
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print JSON')
    .action(async (options: VariablesOptions) => {
      await withInstances(options, async (instances, definition) => {
        const current = await instances.get(options.instance);
        if (!current) throw new InstanceNotFoundError(options.instance);
        const client = await openInstanceClient(instances, current.id, { codebase: 'discover' });
        try {
          const records = new Map<string, LookupOption[] | Error>();
          const recordsOf = async (name: string) => {
            if (!records.has(name)) {
              records.set(
                name,
                await listServerVariableOptions(client, definition, name).catch((error: unknown) =>
                  error instanceof Error ? error : new Error(String(error)),
                ),
              );
            }
            return records.get(name)!;
          };

          let overrides = current.serverVariables;
          if (options.set.length > 0 || options.unset.length > 0) {
            overrides = { ...overrides };
            for (const entry of options.set) {
              const [name, typed] = splitAssignment(entry);
              overrides[name] = await valueFor(definition, name, typed, recordsOf);
            }
            for (const name of options.unset) delete overrides[name];
            overrides = (await instances.update(current.id, { serverVariables: overrides })).serverVariables;
          }

          const values = effectiveServerVariables(definition, overrides);
          const rows = [];
          for (const [name, variable] of Object.entries(definition.serverVariables)) {
            const value = values[name] ?? variable.default;
            let names: string | undefined;
            if (variable.connectwiseResource !== undefined) {
              const found = await recordsOf(name);
              names =
                found instanceof Error
                  ? `(ConnectWise could not be read: ${found.message})`
                  : (found.find((option) => option.integrationId === String(value))?.label ??
                    '(not in ConnectWise)');
            }
            rows.push({ name, label: variable.label, value, default: !(name in overrides), names });
          }
          if (options.json) {
            console.log(JSON.stringify(rows, null, 2));
            return;
          }
          console.log(
            formatTable(
              ['VARIABLE', 'LABEL', 'VALUE', 'NAMES'],
              rows.map((row) => [
                row.name,
                row.label,
                `${String(row.value)}${row.default ? ' (default)' : ''}`,
                row.names ?? '-',
              ]),
            ),
          );
        } finally {
          await client.close();
        }
      });
    });
}

async function valueFor(
  definition: ConnectorDefinition,
  name: string,
  typed: string,
  recordsOf: (name: string) => Promise<LookupOption[] | Error>,
): Promise<number | string> {
  const variable = definition.serverVariables[name];
  if (!variable) {
    const known = Object.keys(definition.serverVariables).join(', ');
    throw InstanceValidationError.at(
      `--set ${name}`,
      'knownServerVariable',
      `no such server variable (the connector has ${known})`,
    );
  }
  if (variable.connectwiseResource === undefined)
    return variable.type === 'integer' && /^-?\d+$/.test(typed) ? Number(typed) : typed;
  const records = await recordsOf(name);
  if (records instanceof Error) {
    if (/^[1-9]\d*$/.test(typed)) return Number(typed); // ConnectWise unreachable: an id is still taken as typed
    throw InstanceValidationError.at(
      `--set ${name}`,
      'resolvable',
      `ConnectWise could not be read to find "${typed}" by name (${records.message}); give the id`,
    );
  }
  const resolved = resolveRecordByIdOrName(records, typed);
  if ('problem' in resolved)
    throw InstanceValidationError.at(`--set ${name}`, 'resolvable', resolved.problem);
  return resolved.id;
}

function splitAssignment(entry: string): [string, string] {
  const equals = entry.indexOf('=');
  if (equals <= 0) throw InstanceValidationError.at(`--set "${entry}"`, 'format', 'expected variable=value');
  return [entry.slice(0, equals).trim(), entry.slice(equals + 1).trim()];
}
