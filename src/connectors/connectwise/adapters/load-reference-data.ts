import type { ConnectWiseClient } from '../../../connectwise/index.js';
import type { ReferenceData } from '../actions/reference-data.js';

/**
 * Reads the reference data the synchronization actions need, once per run: a few paged calls instead of the
 * documented one-or-two lookups per record.
 */
export async function loadReferenceData(client: ConnectWiseClient): Promise<ReferenceData> {
  const all = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
    const collected: T[] = [];
    for await (const row of rows) collected.push(row);
    return collected;
  };
  const [countries, states, communicationTypes] = await Promise.all([
    all(client.company.countries.list({ pageSize: 1000 })),
    all(client.company.states.list({ pageSize: 1000 })),
    all(client.company.communicationTypes.list({ pageSize: 1000 })),
  ]);
  return {
    countries: countries as unknown as ReferenceData['countries'],
    states: states as unknown as ReferenceData['states'],
    communicationTypes: communicationTypes as unknown as ReferenceData['communicationTypes'],
  };
}
