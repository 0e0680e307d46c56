import type { SandboxStore } from '../context.js';
import { currencyReferenceOf } from './currencies.js';
import { countryDetailsByCode, defaultCountryCode } from './data/country-details.js';
import { isoCountries } from './data/iso-countries.js';
import { seedAuthor } from './seed-author.js';

export const countriesResource = 'company/countries';

/** Inserts every ISO 3166 country and returns each inserted row by its ISO code. */
export function seedCountries(
  store: SandboxStore,
  currenciesByCode: Map<string, Record<string, unknown>>,
): Map<string, Record<string, unknown>> {
  const byCode = new Map<string, Record<string, unknown>>();
  for (const [code, name] of isoCountries) {
    const details = countryDetailsByCode[code];
    const currency = details?.currencyIdentifier
      ? currenciesByCode.get(details.currencyIdentifier)
      : undefined;
    const record: Record<string, unknown> = {
      name,
      defaultFlag: code === defaultCountryCode,
      countryCode: code,
      cityCaption: details?.cityCaption ?? 'City',
      stateCaption: details?.stateCaption ?? 'State',
      zipCaption: details?.zipCaption ?? 'Zip',
    };
    if (details) record.dialingPrefix = details.dialingPrefix;
    if (currency) record.currency = currencyReferenceOf(currency);
    byCode.set(code, store.insert(countriesResource, record, seedAuthor));
  }
  return byCode;
}
