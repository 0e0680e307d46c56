import type { SandboxStore } from '../context.js';
import { seedCatalogLookups } from './catalog-lookups.js';
import { seedCommunicationTypes } from './communication-types.js';
import { seedCompanyLookups } from './company-lookups.js';
import { seedCountries } from './countries.js';
import { seedCurrencies } from './currencies.js';
import { seedMembers } from './members.js';
import { seedSalesAndFinanceLookups } from './sales-and-finance-lookups.js';
import { seedStates } from './states.js';
import { seedUserDefinedFields } from './user-defined-fields.js';

export { apiMemberIdentifier, readOnlyApiMemberIdentifier } from './members.js';

/**
 * Fills an empty store with the reference data a fresh ConnectWise tenant ships (countries, states, statuses,
 * types, currencies, members, catalogue lookups …). No companies or contacts: the demo adds those itself.
 */
export function seedDemoData(store: SandboxStore): void {
  const currenciesByCode = seedCurrencies(store);
  const countriesByCode = seedCountries(store, currenciesByCode);
  seedStates(store, countriesByCode);
  seedCompanyLookups(store);
  seedCommunicationTypes(store);
  seedMembers(store);
  seedCatalogLookups(store);
  seedSalesAndFinanceLookups(store);
  seedUserDefinedFields(store);
}
