import type { SandboxStore } from '../context.js';
import { statesByCountryCode } from './data/states.js';
import { seedAuthor } from './seed-author.js';

export const statesResource = 'company/states';

/** Inserts the states of the countries in the data file, each pointing at its country. */
export function seedStates(store: SandboxStore, countriesByCode: Map<string, Record<string, unknown>>): void {
  for (const [countryCode, states] of Object.entries(statesByCountryCode)) {
    const country = countriesByCode.get(countryCode);
    if (!country) throw new Error(`State seed names country ${countryCode}, which the country seed lacks`);
    const countryReference = { id: country.id, identifier: countryCode, name: country.name };
    for (const [identifier, name] of states) {
      store.insert(statesResource, { identifier, name, country: countryReference }, seedAuthor);
    }
  }
}
