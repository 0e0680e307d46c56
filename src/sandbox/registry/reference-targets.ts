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
}

const identifierName = ['identifier'];

export const referenceTargets: Record<string, ReferenceTarget> = {
  CompanyReference: { resource: 'company/companies', extraFields: identifierName },
  CompanyStatusReference: { resource: 'company/companies/statuses' },
  CompanyTypeReference: { resource: 'company/companies/types' },
  ContactReference: { resource: 'company/contacts' },
  ContactTypeReference: { resource: 'company/contacts/types' },
  CommunicationTypeReference: { resource: 'company/communicationTypes' },
  SiteReference: { resource: 'company/companies/{parentId}/sites' },
  CountryReference: { resource: 'company/countries', extraFields: identifierName },
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
  },
  MemberReference: { resource: 'system/members', extraFields: identifierName },
  SystemLocationReference: { resource: 'system/locations' },
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
