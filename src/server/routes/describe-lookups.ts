import { z } from 'zod';
import type { ConnectorDefinition } from '../../engine/index.js';

/** A synchronization lookup as the API shows it (the settings page and the connector definition). */
export const lookupDescriptionSchema = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string(),
  bssEntity: z.string(),
  connectwiseValue: z
    .enum(['id', 'text'])
    .describe('id: picked from what ConnectWise lists; text: typed (ConnectWise keeps it as text)'),
  connectwiseResource: z.string().nullable(),
  maxLength: z.number().int().nullable().describe('text lookups: the longest value ConnectWise takes'),
  examples: z.array(z.string()).describe('text lookups: values to suggest'),
});

export function describeLookups(
  definition: ConnectorDefinition,
): Array<z.infer<typeof lookupDescriptionSchema>> {
  return Object.entries(definition.lookups).map(([name, lookup]) => ({
    name,
    label: lookup.label,
    description: lookup.description,
    bssEntity: lookup.bssEntity,
    connectwiseValue: lookup.connectwiseValue,
    connectwiseResource: lookup.connectwiseResource ?? null,
    maxLength: lookup.maxLength ?? null,
    examples: lookup.examples,
  }));
}
