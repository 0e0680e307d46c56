import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/engine/index.js';
import {
  actionCatalog,
  type CommunicationItem,
  indexReferenceData,
} from '../../../src/connectors/connectwise/index.js';

const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/connectwise/amp-labs/${path}`, import.meta.url), 'utf8'));

const reference = indexReferenceData({
  countries: [
    { id: 1, name: 'United States', countryCode: 'US' },
    { id: 2, name: 'Canada', countryCode: 'CA' },
    { id: 3, name: "Côte d'Ivoire", countryCode: 'CI' },
  ],
  states: [
    { id: 10, identifier: 'FL', name: 'Florida', country: { id: 1 } },
    { id: 11, identifier: 'ON', name: 'Ontario', country: { id: 2 } },
    { id: 12, identifier: 'GA', name: 'Georgia', country: { id: 1 } },
  ],
  // The type names of the captured tenant: types are found by their flags, not by fixed names.
  communicationTypes: [
    { id: 2, description: 'Phone - Direct', phoneFlag: true },
    { id: 3, description: 'Fax - Work', faxFlag: true },
    { id: 4, description: 'Cell', phoneFlag: true },
    { id: 13, description: 'Individual Professional', emailFlag: true },
  ],
});
const run = (name: string, input: unknown) => actionCatalog[name]!(input, { reference });

describe('pre-synchronization actions', () => {
  it('finds the country id by name, accents and case aside, or by ISO code', () => {
    expect(run('countryId', { name: 'united states' })).toBe(1);
    expect(run('countryId', { name: "cote d'ivoire" })).toBe(3);
    expect(run('countryId', { code: 'ca' })).toBe(2);
    expect(run('countryId', {})).toBeUndefined();
  });

  it('says which country ConnectWise does not know', () => {
    expect(() => run('countryId', { name: 'Atlantis' })).toThrow(ActionError);
    expect(() => run('countryId', { name: 'Atlantis' })).toThrow(/no country with name "Atlantis"/);
  });

  it('takes the state code by the state name within the country, else the address state code', () => {
    expect(run('stateCode', { name: 'Florida', countryName: 'United States' })).toBe('FL');
    expect(run('stateCode', { name: 'ontario', countryCode: 'CA' })).toBe('ON');
    expect(run('stateCode', { code: 'TX', countryCode: 'US' })).toBe('TX');
    expect(run('stateCode', { name: 'Lone Star', code: 'TX', countryCode: 'US' })).toBe('TX');
    expect(() => run('stateCode', { name: 'Ontario', countryCode: 'US' })).toThrow(
      /no state named "Ontario" in United States/,
    );
  });

  it('maps a pulled country and state back to codes and names', () => {
    expect(run('countryById', { id: 2 })).toEqual({ code: 'CA', name: 'Canada' });
    expect(run('stateByText', { text: 'fl', countryId: 1 })).toEqual({ code: 'FL', name: 'Florida' });
    expect(run('stateByText', { text: 'Georgia', countryId: 1 })).toEqual({ code: 'GA', name: 'Georgia' });
    expect(run('stateByText', { text: 'Somewhere', countryId: 1 })).toEqual({ name: 'Somewhere' });
  });
});

describe('the OriginalData action: communication items', () => {
  const before = (
    fixture('test/write/contacts/scenario1/1-before.json') as { communicationItems: CommunicationItem[] }
  ).communicationItems;

  it('edits the existing items in place, keeping their ids, and adds only what is new', () => {
    const items = run('communicationItems', {
      email: 'professional.bob@test.com',
      phone: '+380111358',
      mobilePhone: '+77767',
      fax: '+99969',
      existing: before,
    }) as CommunicationItem[];
    expect(items.map((item) => [item.id, item.type.id, item.value])).toEqual([
      [99820, 13, 'professional.bob@test.com'],
      [99821, 2, '+380111358'],
      [99822, 3, '+99969'],
      [undefined, 4, '+77767'],
    ]);
    // The new cell phone is the default Phone only if no other phone item is: here one already is.
    expect(items[3]!.defaultFlag).toBe(false);
  });

  it('pushing the same values twice changes nothing', () => {
    const input = {
      email: 'professional.bob@test.com',
      phone: '+380001000',
      fax: '+99969',
      existing: before,
    };
    expect(run('communicationItems', input)).toEqual(before);
  });

  it('removes an item whose BSS cell was emptied, and leaves items of other types alone', () => {
    const foreign = {
      id: 5,
      type: { id: 99, name: 'Pager' },
      value: '123',
      communicationType: 'Phone' as const,
    };
    const items = run('communicationItems', {
      email: 'professional.bob@test.com',
      existing: [...before, foreign],
    }) as CommunicationItem[];
    expect(items.map((item) => item.id)).toEqual([99820, 5]);
  });

  it('creates the four cells on a new contact, each the default of its kind', () => {
    const items = run('communicationItems', {
      email: 'a@b.example',
      phone: '1',
      mobilePhone: '2',
      fax: '3',
    }) as CommunicationItem[];
    expect(items).toEqual([
      { type: { id: 13 }, value: 'a@b.example', communicationType: 'Email', defaultFlag: true },
      { type: { id: 2 }, value: '1', communicationType: 'Phone', defaultFlag: true },
      { type: { id: 4 }, value: '2', communicationType: 'Phone', defaultFlag: false },
      { type: { id: 3 }, value: '3', communicationType: 'Fax', defaultFlag: true },
    ]);
  });

  it('says what to add when ConnectWise has no type for a cell', () => {
    const bare = indexReferenceData({ countries: [], states: [], communicationTypes: [] });
    expect(() => actionCatalog.communicationItems!({ email: 'a@b.example' }, { reference: bare })).toThrow(
      /no email communication type to hold the contact's email/,
    );
  });
});
