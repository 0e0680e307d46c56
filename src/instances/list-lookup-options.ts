import type { ConnectWiseClient } from '../connectwise/index.js';
import type { ConnectorDefinition } from '../engine/definition/schema.js';
import { InstanceValidationError } from './instance-errors.js';

export interface LookupOption {
  integrationId: string;
  label: string;
}

/** The ConnectWise values a lookup can map to, for a picker: its `connectwiseResource`, labelled by `connectwiseLabel`. */
export async function listLookupOptions(
  client: ConnectWiseClient,
  definition: ConnectorDefinition,
  lookupName: string,
): Promise<LookupOption[]> {
  const lookup = definition.lookups[lookupName];
  if (!lookup) {
    throw new InstanceValidationError([
      `lookup: the connector has no lookup "${lookupName}" (it has ${Object.keys(definition.lookups).join(', ')})`,
    ]);
  }
  const resource = client.resource<Record<string, unknown>>(lookup.connectwiseResource);
  const options: LookupOption[] = [];
  for await (const record of resource.list({ fields: ['id', lookup.connectwiseLabel] })) {
    const label = record[lookup.connectwiseLabel];
    options.push({
      integrationId: String(record.id),
      label: typeof label === 'string' || typeof label === 'number' ? String(label) : `#${String(record.id)}`,
    });
  }
  return options;
}
