import type { ConnectWiseClient } from '../connectwise/index.js';
import type { ConnectorDefinition, LookupDefinition } from '../engine/index.js';
import { InstanceValidationError } from './instance-errors.js';

export interface LookupOption {
  integrationId: string;
  label: string;
}

export interface LookupOptions {
  /** `id`: pick one of `items` (read from ConnectWise); `text`: type a value, `items` are suggestions */
  connectwiseValue: 'id' | 'text';
  /** `text`: the longest value ConnectWise takes */
  maxLength?: number;
  items: LookupOption[];
}

export function lookupDefinitionOf(definition: ConnectorDefinition, lookupName: string): LookupDefinition {
  const lookup = definition.lookups[lookupName];
  if (!lookup) {
    throw InstanceValidationError.at(
      'lookup',
      'knownLookup',
      `the connector has no lookup "${lookupName}" (it has ${Object.keys(definition.lookups).join(', ')})`,
    );
  }
  return lookup;
}

/**
 * The ConnectWise values a lookup can map to, for a picker: its `connectwiseResource`, labelled by
 * `connectwiseLabel`. A lookup of typed text reads nothing: ConnectWise lists no values, its examples are suggested.
 */
export async function listLookupOptions(
  client: ConnectWiseClient,
  definition: ConnectorDefinition,
  lookupName: string,
): Promise<LookupOptions> {
  const lookup = lookupDefinitionOf(definition, lookupName);
  if (lookup.connectwiseValue === 'text' || lookup.connectwiseResource === undefined) {
    return {
      connectwiseValue: 'text',
      ...(lookup.maxLength !== undefined ? { maxLength: lookup.maxLength } : {}),
      items: lookup.examples.map((example) => ({ integrationId: example, label: example })),
    };
  }
  return {
    connectwiseValue: 'id',
    items: await listConnectWiseRecords(client, lookup.connectwiseResource, lookup.connectwiseLabel),
  };
}

/** Every record of a ConnectWise resource as a picker option: its id, labelled by one of its fields. */
export async function listConnectWiseRecords(
  client: ConnectWiseClient,
  resourcePath: string,
  labelField: string,
): Promise<LookupOption[]> {
  const resource = client.resource<Record<string, unknown>>(resourcePath);
  const items: LookupOption[] = [];
  for await (const record of resource.list({ fields: ['id', labelField] })) {
    const label = record[labelField];
    items.push({
      integrationId: String(record.id),
      label: typeof label === 'string' || typeof label === 'number' ? String(label) : `#${String(record.id)}`,
    });
  }
  return items;
}

/** What a lookup's integration id must be: a ConnectWise id (a whole number), or text within its length. */
export function lookupValueProblem(
  lookup: LookupDefinition,
  integrationId: string,
): { rule: string; message: string } | undefined {
  if (lookup.connectwiseValue === 'id') {
    return /^[1-9]\d{0,9}$/.test(integrationId)
      ? undefined
      : {
          rule: 'integer',
          message: `must be a whole number: the id of a ConnectWise ${lookup.label} value (see its lookup options), not "${integrationId}"`,
        };
  }
  if (lookup.maxLength !== undefined && integrationId.length > lookup.maxLength)
    return {
      rule: 'maxLength',
      message: `must be at most ${lookup.maxLength} characters long (ConnectWise's limit), not ${integrationId.length}`,
    };
  return undefined;
}
