import type { ConnectWiseClient } from '../connectwise/index.js';
import type { ConnectorDefinition, ServerVariableDefinition } from '../engine/index.js';
import { InstanceValidationError } from './instance-errors.js';
import { listConnectWiseRecords, type LookupOption } from './list-lookup-options.js';

export function serverVariableOf(definition: ConnectorDefinition, name: string): ServerVariableDefinition {
  const variable = definition.serverVariables[name];
  if (!variable) {
    throw InstanceValidationError.at(
      'variable',
      'knownServerVariable',
      `the connector has no server variable "${name}" (it has ${Object.keys(definition.serverVariables).join(', ')})`,
    );
  }
  return variable;
}

/**
 * The ConnectWise records a server variable can name, for a picker by name; none for a variable that names no
 * record (text, a choice of words, or an id ConnectWise's API does not list).
 */
export async function listServerVariableOptions(
  client: ConnectWiseClient,
  definition: ConnectorDefinition,
  name: string,
): Promise<LookupOption[]> {
  const variable = serverVariableOf(definition, name);
  if (variable.connectwiseResource === undefined) return [];
  return listConnectWiseRecords(client, variable.connectwiseResource, variable.connectwiseLabel);
}

/**
 * A value typed for a variable that names a record: its id, or its name as ConnectWise shows it (case aside).
 * Returns the id, or a sentence saying what matched nothing or too much.
 */
export function resolveRecordByIdOrName(
  options: LookupOption[],
  typed: string,
): { id: number } | { problem: string } {
  const byId = options.find((option) => option.integrationId === typed);
  if (byId) return { id: Number(byId.integrationId) };
  const byName = options.filter((option) => option.label.toLowerCase() === typed.toLowerCase());
  if (byName.length === 1) return { id: Number(byName[0]!.integrationId) };
  const choices = options.map((option) => `${option.label} (${option.integrationId})`).join(', ');
  if (byName.length > 1)
    return { problem: `"${typed}" names ${byName.length} records: give the id (${choices})` };
  return { problem: `"${typed}" is neither the id nor the name of one (there are: ${choices || 'none'})` };
}
