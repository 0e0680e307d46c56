import { describe, expect, it } from 'vitest';
import { describeReference } from '../../../src/sandbox/validation/resolve-reference.js';

describe('describeReference', () => {
  it("renders a company's currency as ConnectWise does: currencyCode is the ISO code as text", () => {
    const currency = {
      id: 7,
      name: 'US Dollar',
      symbol: '$',
      currencyIdentifier: 'USD',
      currencyCode: { id: 1, name: 'USD' },
      numberOfDecimals: 2,
    };
    expect(describeReference('CurrencyReference', currency)).toMatchObject({
      id: 7,
      name: 'US Dollar',
      symbol: '$',
      currencyIdentifier: 'USD',
      currencyCode: 'USD',
    });
  });

  it("copies plain extra fields as they are (a company reference's identifier)", () => {
    expect(describeReference('CompanyReference', { id: 3, name: 'Acme', identifier: 'ACME' })).toEqual({
      id: 3,
      identifier: 'ACME',
      name: 'Acme',
    });
  });
});
