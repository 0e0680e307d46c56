import { describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../src/sandbox/seed/index.js';
import { createInMemoryStore } from './in-memory-store.js';

const store = createInMemoryStore();
seedDemoData(store);
const countries = store.list('company/countries');
const states = store.list('company/states');

function countryByCode(code: string) {
  return countries.find((country) => country.countryCode === code);
}

describe('demo seed: countries', () => {
  it('ships every ISO 3166-1 country with a unique two-letter code and a unique name', () => {
    expect(countries.length).toBeGreaterThanOrEqual(240);
    const codes = countries.map((country) => country.countryCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => typeof code === 'string' && /^[A-Z]{2}$/.test(code))).toBe(true);
    const names = countries.map((country) => String(country.name).toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps every name within ConnectWise limits (name 50, captions 25, dialing prefix 5)', () => {
    for (const country of countries) {
      expect(String(country.name).length, String(country.name)).toBeLessThanOrEqual(50);
      for (const caption of ['cityCaption', 'stateCaption', 'zipCaption'])
        expect(String(country[caption]).length).toBeLessThanOrEqual(25);
      if (country.dialingPrefix !== undefined)
        expect(String(country.dialingPrefix).length).toBeLessThanOrEqual(5);
    }
  });

  it('names the common countries as ConnectWise does and marks exactly one default', () => {
    expect(countryByCode('US')?.name).toBe('United States');
    expect(countryByCode('GB')?.name).toBe('United Kingdom');
    expect(countryByCode('AU')?.name).toBe('Australia');
    expect(countries.filter((country) => country.defaultFlag === true).map((c) => c.countryCode)).toEqual([
      'US',
    ]);
  });

  it('points country currencies at seeded currencies', () => {
    const currencies = store.list('finance/currencies');
    const withCurrency = countries.filter((country) => country.currency);
    expect(withCurrency.length).toBeGreaterThan(10);
    for (const country of withCurrency) {
      const reference = country.currency as { id: number; currencyIdentifier: string };
      expect(currencies.find((c) => c.id === reference.id)?.currencyIdentifier).toBe(
        reference.currencyIdentifier,
      );
    }
    expect((countryByCode('GB')?.currency as { currencyIdentifier: string }).currencyIdentifier).toBe('GBP');
  });
});

describe('demo seed: states', () => {
  it('points every state at a seeded country with matching name', () => {
    for (const state of states) {
      const reference = state.country as { id: number; name: string };
      const country = countries.find((c) => c.id === reference.id);
      expect(country, JSON.stringify(state)).toBeDefined();
      expect(country?.name).toBe(reference.name);
    }
  });

  it.each([
    ['US', 51, 'DC'],
    ['CA', 13, 'QC'],
    ['AU', 8, 'NSW'],
    ['GB', 4, 'SCT'],
  ])('has %s with %i entries including %s, identifiers unique within the country', (code, count, sample) => {
    const country = countryByCode(code);
    const ofCountry = states.filter((state) => (state.country as { id: number }).id === country?.id);
    expect(ofCountry).toHaveLength(count);
    const identifiers = ofCountry.map((state) => state.identifier);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    expect(identifiers).toContain(sample);
  });
});

describe('demo seed: lookups', () => {
  it('has one default Active company status and the usual company types', () => {
    const statuses = store.list('company/companies/statuses');
    expect(statuses.filter((status) => status.defaultFlag).map((status) => status.name)).toEqual(['Active']);
    expect(statuses.map((status) => status.name)).toEqual(
      expect.arrayContaining(['Inactive', 'Not Approved']),
    );
    const types = store.list('company/companies/types').map((type) => type.name);
    expect(types).toEqual(
      expect.arrayContaining(['Customer', 'Prospect', 'Vendor', 'Partner', 'Competitor']),
    );
  });

  it('has the currencies cwsync syncs, each with ISO code, symbol and one-character separators', () => {
    const currencies = store.list('finance/currencies');
    const identifiers = currencies.map((currency) => currency.currencyIdentifier);
    expect(identifiers).toEqual(expect.arrayContaining(['USD', 'EUR', 'GBP', 'AUD', 'CAD', 'NZD', 'ZAR']));
    expect(new Set(identifiers).size).toBe(identifiers.length);
    for (const currency of currencies) {
      expect((currency.currencyCode as { name: string }).name).toBe(currency.currencyIdentifier);
      expect(String(currency.thousandsSeparator)).toHaveLength(1);
      expect(String(currency.decimalSeparator)).toHaveLength(1);
      expect(String(currency.symbol).length).toBeGreaterThan(0);
    }
  });

  it('has the API members of the default and read-only keys', () => {
    const members = store.list('system/members');
    const identifiers = members.map((member) => member.identifier);
    expect(identifiers).toEqual(expect.arrayContaining(['cwsync', 'cwsync-readonly']));
    expect(new Set(identifiers).size).toBe(identifiers.length);
    expect(members.find((member) => member.identifier === 'cwsync')?.licenseClass).toBe('A');
  });

  it('gives communication types the ids and names of the captured ConnectWise bodies', () => {
    const types = store.list('company/communicationTypes');
    const byId = (id: number) => types.find((type) => type.id === id);
    expect(byId(1)).toMatchObject({ description: 'Email', emailFlag: true });
    expect(byId(2)).toMatchObject({ description: 'Phone - Direct', phoneFlag: true });
    expect(byId(3)).toMatchObject({ description: 'Fax - Work', faxFlag: true });
    expect(byId(13)).toMatchObject({ description: 'Individual Professional', emailFlag: true });
    expect(byId(26)).toMatchObject({ description: 'Work Fax', faxFlag: true });
    for (const type of types) {
      const channels = [type.emailFlag, type.phoneFlag, type.faxFlag].filter(Boolean);
      expect(channels, String(type.description)).toHaveLength(1);
    }
  });

  it('points every subcategory at a seeded category', () => {
    const categories = store.list('procurement/categories');
    const subcategories = store.list('procurement/subcategories');
    expect(subcategories.length).toBeGreaterThan(0);
    for (const subcategory of subcategories) {
      const reference = subcategory.category as { id: number; name: string };
      expect(categories.find((category) => category.id === reference.id)?.name).toBe(reference.name);
    }
  });

  it.each([
    'procurement/unitOfMeasures',
    'procurement/types',
    'sales/orders/statuses',
    'system/locations',
    'finance/billingTerms',
    'company/contacts/types',
  ])('fills %s with rows that have unique names', (resource) => {
    const rows = store.list(resource);
    expect(rows.length).toBeGreaterThan(1);
    const names = rows.map((row) => row.name ?? row.description);
    expect(names.every((name) => typeof name === 'string' && name.length > 0)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has the subscription agreement types and the agreement-addition user-defined fields', () => {
    const agreementTypes = store.list('finance/agreements/types').map((type) => type.name);
    expect(agreementTypes).toEqual(expect.arrayContaining(['Subscriptions Monthly', 'Subscriptions Annual']));
    const captions = store.list('system/userDefinedFields').map((field) => field.caption);
    expect(captions).toEqual(expect.arrayContaining(['Subscription Name', 'Subscription ID']));
  });

  it('seeds no companies or contacts', () => {
    expect(store.list('company/companies')).toEqual([]);
    expect(store.list('company/contacts')).toEqual([]);
  });
});
