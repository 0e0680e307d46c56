import { createResource } from '../resource.js';
import type { Resource } from '../resource.js';
import type { SendRequest } from '../send-request.js';
import { buildNestedPath } from '../url.js';
import type {
  CompanyReference,
  ContactReference,
  CountryReference,
  CurrencyReference,
  CustomFieldValue,
  IdReference,
  NamedReference,
  SiteReference,
  StateReference,
  StoredRecord,
  WritableRecord,
} from './references.js';

export interface Company extends StoredRecord {
  identifier: string;
  name: string;
  status?: NamedReference;
  types?: NamedReference[];
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: CountryReference;
  phoneNumber?: string;
  faxNumber?: string;
  website?: string;
  accountNumber?: string;
  leadSource?: string;
  defaultContact?: ContactReference;
  billingContact?: ContactReference;
  parentCompany?: CompanyReference;
  billToCompany?: CompanyReference;
  billingSite?: SiteReference;
  site?: SiteReference;
  currency?: CurrencyReference;
  billingTerms?: NamedReference;
  taxCode?: NamedReference;
  territory?: NamedReference;
  vendorIdentifier?: string;
  taxIdentifier?: string;
  deletedFlag?: boolean;
  integratorTags?: string[];
  customFields?: CustomFieldValue[];
}

/**
 * A company as written: its `site` may name a site the company does not have yet (`{name: "Main"}`), which
 * ConnectWise then creates for it; a new company without a site is refused (docs/connectwise-tenant-rules.md).
 */
export type CompanyWrite = Omit<WritableRecord<Company>, 'site'> & {
  site?: SiteReference | { name: string };
};

export interface CompanyStatus extends StoredRecord {
  name: string;
  defaultFlag?: boolean;
  inactiveFlag?: boolean;
}

export interface CompanyType extends StoredRecord {
  name: string;
  defaultFlag?: boolean;
  vendorFlag?: boolean;
}

export interface CompanyTypeAssociation extends StoredRecord {
  type: NamedReference;
  company?: CompanyReference;
}

export interface CompanySite extends StoredRecord {
  name: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  stateReference?: StateReference;
  zip?: string;
  country?: CountryReference;
  phoneNumber?: string;
  faxNumber?: string;
  primaryAddressFlag?: boolean;
  defaultBillingFlag?: boolean;
  defaultShippingFlag?: boolean;
  defaultMailingFlag?: boolean;
  inactiveFlag?: boolean;
  company?: CompanyReference;
}

export interface ContactCommunicationItem {
  id?: number;
  type: IdReference & { name?: string };
  value: string;
  extension?: string;
  defaultFlag?: boolean;
  domain?: string;
  communicationType?: 'Email' | 'Fax' | 'Phone';
}

export interface Contact extends StoredRecord {
  firstName: string;
  lastName?: string;
  title?: string;
  company?: CompanyReference;
  site?: SiteReference;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: CountryReference;
  inactiveFlag?: boolean;
  defaultFlag?: boolean;
  defaultBillingFlag?: boolean;
  communicationItems?: ContactCommunicationItem[];
  types?: NamedReference[];
  typeIds?: number[];
  ignoreDuplicates?: boolean;
  customFields?: CustomFieldValue[];
}

export interface ContactType extends StoredRecord {
  description: string;
  defaultFlag?: boolean;
}

export interface CommunicationType extends StoredRecord {
  description: string;
  phoneFlag?: boolean;
  faxFlag?: boolean;
  emailFlag?: boolean;
  defaultFlag?: boolean;
}

export interface Country extends StoredRecord {
  name: string;
  countryCode?: string;
  defaultFlag?: boolean;
  currency?: CurrencyReference;
}

export interface State extends StoredRecord {
  identifier: string;
  name: string;
  country?: CountryReference;
}

export interface CompanyApi {
  companies: Resource<Company, CompanyWrite>;
  companyStatuses: Resource<CompanyStatus, WritableRecord<CompanyStatus>>;
  companyTypes: Resource<CompanyType, WritableRecord<CompanyType>>;
  companyTypeAssociations: Resource<CompanyTypeAssociation, WritableRecord<CompanyTypeAssociation>>;
  /** `company/companies/{companyId}/typeAssociations` */
  typeAssociationsOf(
    companyId: number,
  ): Resource<CompanyTypeAssociation, WritableRecord<CompanyTypeAssociation>>;
  /** `company/companies/{companyId}/sites` */
  sitesOf(companyId: number): Resource<CompanySite, WritableRecord<CompanySite>>;
  contacts: Resource<Contact, WritableRecord<Contact>>;
  /** `company/contacts/{contactId}/communications` */
  communicationsOf(contactId: number): Resource<ContactCommunicationItem & StoredRecord>;
  contactTypes: Resource<ContactType, WritableRecord<ContactType>>;
  communicationTypes: Resource<CommunicationType, WritableRecord<CommunicationType>>;
  countries: Resource<Country, WritableRecord<Country>>;
  states: Resource<State, WritableRecord<State>>;
}

export function createCompanyApi(send: SendRequest): CompanyApi {
  return {
    companies: createResource(send, { path: 'company/companies', recordName: 'company', forwardOnly: true }),
    companyStatuses: createResource(send, {
      path: 'company/companies/statuses',
      recordName: 'company status',
    }),
    companyTypes: createResource(send, { path: 'company/companies/types', recordName: 'company type' }),
    companyTypeAssociations: createResource(send, {
      path: 'company/companyTypeAssociations',
      recordName: 'company type association',
    }),
    typeAssociationsOf: (companyId) =>
      createResource(send, {
        path: buildNestedPath('company/companies', companyId, 'typeAssociations'),
        recordName: 'company type association',
      }),
    sitesOf: (companyId) =>
      createResource(send, {
        path: buildNestedPath('company/companies', companyId, 'sites'),
        recordName: 'company site',
      }),
    contacts: createResource(send, {
      path: 'company/contacts',
      recordName: 'contact',
      forwardOnly: true,
      labelOf: (contact) => [contact.firstName, contact.lastName].filter(Boolean).join(' ') || undefined,
    }),
    communicationsOf: (contactId) =>
      createResource(send, {
        path: buildNestedPath('company/contacts', contactId, 'communications'),
        recordName: 'contact communication',
        labelOf: (item) => item.value,
      }),
    contactTypes: createResource(send, { path: 'company/contacts/types', recordName: 'contact type' }),
    communicationTypes: createResource(send, {
      path: 'company/communicationTypes',
      recordName: 'communication type',
    }),
    countries: createResource(send, { path: 'company/countries', recordName: 'country' }),
    states: createResource(send, { path: 'company/states', recordName: 'state' }),
  };
}
