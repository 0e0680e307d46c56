import { ActionError } from '../../../engine/index.js';
import { normaliseName, type ConnectWiseCountry, type ReferenceIndex } from './reference-data.js';

export interface CountryInput {
  name?: string | null;
  code?: string | null;
}

/** The ConnectWise country of an address: by name as documented, else by ISO code; unknown → error. */
export function locateCountry(input: CountryInput, index: ReferenceIndex): ConnectWiseCountry | undefined {
  const name = input.name?.trim();
  const code = input.code?.trim();
  if (!name && !code) return undefined;
  const found =
    (name ? index.countryByName.get(normaliseName(name)) : undefined) ??
    (code ? index.countryByCode.get(code.toUpperCase()) : undefined);
  if (!found) {
    const given = [name && `name "${name}"`, code && `code "${code}"`].filter(Boolean).join(', ');
    throw new ActionError(
      'countryId',
      'country',
      `ConnectWise has no country with ${given}: correct the address, or add the country (with its ISO code) to ConnectWise's Country setup table`,
    );
  }
  return found;
}
