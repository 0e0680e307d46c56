/**
 * ConnectWise reference data the synchronization actions need, read once per instance and cached (the
 * documented pre-sync actions cost one API call per record; with the cache they cost none).
 */
export interface ConnectWiseCountry {
  id: number;
  name: string;
  countryCode?: string | null;
}
export interface ConnectWiseState {
  id: number;
  identifier: string;
  name: string;
  country?: { id: number } | null;
}
export interface ConnectWiseCommunicationType {
  id: number;
  description?: string;
  name?: string;
  emailFlag?: boolean;
  phoneFlag?: boolean;
  faxFlag?: boolean;
}

export interface ReferenceData {
  countries: ConnectWiseCountry[];
  states: ConnectWiseState[];
  communicationTypes: ConnectWiseCommunicationType[];
}

/** Names normalised so far: a state's address is compared with every state of its country on each push. */
const normalisedNames = new Map<string, string>();
const mostNormalisedNames = 10_000;

/** Case- and accent-insensitive key, so "Côte d'Ivoire" and "cote d'ivoire" meet. */
export function normaliseName(text: string): string {
  const known = normalisedNames.get(text);
  if (known !== undefined) return known;
  const name = text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
  if (normalisedNames.size >= mostNormalisedNames) normalisedNames.clear();
  normalisedNames.set(text, name);
  return name;
}

export interface ReferenceIndex {
  countryById: Map<number, ConnectWiseCountry>;
  countryByName: Map<string, ConnectWiseCountry>;
  countryByCode: Map<string, ConnectWiseCountry>;
  statesOfCountry(countryId: number | undefined): ConnectWiseState[];
  communicationTypeByName: Map<string, ConnectWiseCommunicationType>;
}

export function indexReferenceData(data: ReferenceData): ReferenceIndex {
  const statesByCountry = new Map<number | undefined, ConnectWiseState[]>();
  for (const state of data.states) {
    const key = state.country?.id;
    statesByCountry.set(key, [...(statesByCountry.get(key) ?? []), state]);
  }
  return {
    countryById: new Map(data.countries.map((country) => [country.id, country])),
    countryByName: new Map(data.countries.map((country) => [normaliseName(country.name), country])),
    countryByCode: new Map(
      data.countries
        .filter((country) => country.countryCode)
        .map((country) => [country.countryCode!.toUpperCase(), country]),
    ),
    statesOfCountry: (countryId) =>
      countryId === undefined ? data.states : (statesByCountry.get(countryId) ?? []),
    communicationTypeByName: new Map(
      data.communicationTypes.map((type) => [normaliseName(type.description ?? type.name ?? ''), type]),
    ),
  };
}
