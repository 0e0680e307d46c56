/**
 * Which resource a ConnectWise reference schema points at, and which of the target's fields a reference
 * carries. References to schemas not listed (tax codes, markets, calendars ...) are kept as sent, unchecked,
 * since the sandbox has no such tables.
 */
export interface ReferenceTarget {
  resource: string;
  /** fields copied from the target into the reference besides id and name */
  extraFields?: string[];
  /** of those, the ones that are references on the target but plain text (the reference's name) here */
  textFields?: string[];
  /**
   * the `_info` link's name, which ConnectWise takes from the target, not the field: a company's
   * `billToCompany` links `company_href`, its `territory` `location_href` (docs/connectwise-tenant-rules.md);
   * without it the link is named after the field
   */
  hrefName?: string;
}

const identifierName = ['identifier'];

export const referenceTargets: Record<string, ReferenceTarget> = {
  CompanyReference: { resource: 'company/companies', extraFields: identifierName, hrefName: 'company_href' },
  CompanyStatusReference: { resource: 'company/companies/statuses', hrefName: 'status_href' },
  CompanyTypeReference: { resource: 'company/companies/types', hrefName: 'type_href' },
  ContactReference: { resource: 'company/contacts', hrefName: 'contact_href' },
  ContactTypeReference: { resource: 'company/contacts/types', hrefName: 'type_href' },
  CommunicationTypeReference: { resource: 'company/communicationTypes', hrefName: 'type_href' },
  SiteReference: { resource: 'company/companies/{parentId}/sites', hrefName: 'site_href' },
  CountryReference: { resource: 'company/countries', extraFields: identifierName, hrefName: 'country_href' },
  StateReference: { resource: 'company/states', extraFields: identifierName },
  CurrencyReference: {
    resource: 'finance/currencies',
    extraFields: [
      'symbol',
      'currencyCode',
      'currencyIdentifier',
      'decimalSeparator',
      'thousandsSeparator',
      'numberOfDecimals',
      'negativeParenthesesFlag',
      'displaySymbolFlag',
      'displayIdFlag',
      'rightAlign',
    ],
    // a Currency's currencyCode is a CurrencyCodeReference; a CurrencyReference's is the ISO code as text
    textFields: ['currencyCode'],
    hrefName: 'currency_href',
  },
  MemberReference: { resource: 'system/members', extraFields: identifierName, hrefName: 'member_href' },
  SystemLocationReference: { resource: 'system/locations', hrefName: 'location_href' },
  BillingTermsReference: { resource: 'finance/billingTerms' },
  ProductCategoryReference: { resource: 'procurement/categories' },
  ProductSubCategoryReference: { resource: 'procurement/subcategories' },
  ProductTypeReference: { resource: 'procurement/types' },
  UnitOfMeasureReference: { resource: 'procurement/unitOfMeasures' },
  CatalogItemReference: { resource: 'procurement/catalog', extraFields: identifierName },
  IvItemReference: { resource: 'procurement/catalog', extraFields: identifierName },
  OrderStatusReference: { resource: 'sales/orders/statuses' },
  SalesOrderReference: { resource: 'sales/orders', extraFields: identifierName },
  InvoiceReference: { resource: 'finance/invoices', extraFields: identifierName },
  AgreementReference: { resource: 'finance/agreements' },
  AgreementTypeReference: { resource: 'finance/agreements/types' },
};
