import type { EntityName } from '../records/entity-names.js';

/**
 * Friendly column names for flat CSV exports, per entity, keyed by the normalised header (lower case, letters
 * and digits only). Dotted names (`addresses.0.city`) and the record's own field names always work too; these
 * are only the extra spellings a spreadsheet tends to use. The billing-address columns of an account fill
 * `addresses.0` and mark it `isBilling: true` (the only address cwsync pushes to ConnectWise).
 */
const billingAddressColumns: Record<string, string> = {
  address1: 'addresses.0.address1',
  address: 'addresses.0.address1',
  street: 'addresses.0.address1',
  address2: 'addresses.0.address2',
  city: 'addresses.0.city',
  postcode: 'addresses.0.postCode',
  postalcode: 'addresses.0.postCode',
  zip: 'addresses.0.postCode',
  zipcode: 'addresses.0.postCode',
  statecode: 'addresses.0.stateCode',
  state: 'addresses.0.stateCode',
  statename: 'addresses.0.stateName',
  countrycode: 'addresses.0.countryCode',
  country: 'addresses.0.countryCode',
  countryname: 'addresses.0.countryName',
};

export const billingFlagPath = 'addresses.0.isBilling';

export const csvColumnAliases: Partial<Record<EntityName, Record<string, string>>> = {
  accounts: {
    ...billingAddressColumns,
    email: 'corpEmail',
    website: 'webSite',
    url: 'webSite',
    vat: 'vatNumber',
    typeid: 'type.id',
    currencyid: 'currency.id',
    parentid: 'parentAccount.id',
    parentaccountid: 'parentAccount.id',
    primarycontactid: 'primaryContact.id',
  },
  contacts: { accountid: 'account.id', mobile: 'mobilePhone', title: 'jobTitle' },
};

/** Account CSVs: a non-empty billing-address alias column makes `addresses.0` the billing address. */
export function isBillingAddressAlias(entity: EntityName, normalisedHeader: string): boolean {
  return entity === 'accounts' && normalisedHeader in billingAddressColumns;
}

export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}
