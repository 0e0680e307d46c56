import { requireOneAddressField } from '../../rules/company-address.js';
import { defaultReferenceOnCreate } from '../../rules/default-reference.js';
import { billNewCompanyToItself } from '../../rules/company-bill-to.js';
import {
  createNamedSiteOfCompany,
  removeSitesOfDeletedCompany,
  resolveCompanySite,
} from '../../rules/company-site.js';
import { refuseCompanyTypesOnPut } from '../../rules/company-types-on-put.js';
import { tenantFieldLimits } from '../../rules/tenant-field-limits.js';
import {
  createTypeAssociationsOfNewCompany,
  refreshCompanyTypes,
  removeTypeAssociationsOfDeletedCompany,
} from '../../rules/company-type-associations.js';
import { fillCustomFields } from '../../rules/custom-fields.js';
import { assignMobileGuid } from '../../rules/mobile-guid.js';
import { allMethods, type ResourceDefinition } from '../resource-definition.js';

export const companyResources: ResourceDefinition[] = [
  {
    path: 'company/companies',
    schema: 'Company',
    displayName: 'Company',
    objectName: 'company',
    customFieldScreen: 'Company',
    methods: allMethods,
    // the text an integrator captured (Mwbergamo/SolutionsHub register/api/connectwise.php)
    unique: [{ field: 'identifier', message: 'Company ID already in use.' }],
    readOnly: ['dateDeleted', 'deletedBy', 'mobileGuid'],
    defaults: { deletedFlag: false, leadFlag: false, unsubscribeFlag: false, types: [] },
    resolvedByRules: ['site'],
    rules: [
      requireOneAddressField,
      resolveCompanySite,
      tenantFieldLimits({
        accountNumber: { maxLength: 41 },
        yearEstablished: { between: [1900, 9999] },
        revenueYear: { between: [1900, 9999] },
      }),
      billNewCompanyToItself,
      defaultReferenceOnCreate('status', 'CompanyStatusReference', 'company/companies/statuses'),
      refuseCompanyTypesOnPut,
      fillCustomFields,
      assignMobileGuid,
    ],
    callbackType: 'company',
    children: [
      { resource: 'company/companies/{parentId}/sites', link: 'sites_href' },
      { resource: 'company/companies/{parentId}/typeAssociations', link: 'typeAssociations_href' },
    ],
    afterWrite: (change) => {
      createNamedSiteOfCompany(change);
      createTypeAssociationsOfNewCompany(change);
      removeTypeAssociationsOfDeletedCompany(change);
      removeSitesOfDeletedCompany(change);
    },
  },
  {
    path: 'company/companies/statuses',
    schema: 'CompanyStatus',
    displayName: 'Company Status',
    objectName: 'companyStatus',
    methods: allMethods,
    defaults: { defaultFlag: false, inactiveFlag: false },
    callbackType: null,
  },
  {
    path: 'company/companies/types',
    schema: 'CompanyType',
    displayName: 'Company Type',
    objectName: 'companyType',
    methods: allMethods,
    defaults: { defaultFlag: false, vendorFlag: false },
    callbackType: null,
  },
  {
    path: 'company/companyTypeAssociations',
    schema: 'CompanyTypeAssociation',
    displayName: 'Company Type Association',
    objectName: 'companyTypeAssociation',
    methods: allMethods,
    callbackType: null,
    afterWrite: refreshCompanyTypes,
  },
  {
    path: 'company/companies/{parentId}/typeAssociations',
    schema: 'CompanyTypeAssociation',
    displayName: 'Company Type Association',
    objectName: 'companyTypeAssociation',
    methods: allMethods,
    parent: { resource: 'company/companies', field: 'company', fieldKind: 'reference' },
    /** the same rows as company/companyTypeAssociations, seen from one company */
    storedAs: 'company/companyTypeAssociations',
    callbackType: null,
    afterWrite: refreshCompanyTypes,
  },
  {
    path: 'company/companies/{parentId}/sites',
    schema: 'CompanySite',
    displayName: 'Site',
    objectName: 'companySite',
    methods: allMethods,
    parent: { resource: 'company/companies', field: 'company', fieldKind: 'reference' },
    defaults: {
      inactiveFlag: false,
      primaryAddressFlag: false,
      defaultShippingFlag: false,
      defaultBillingFlag: false,
      defaultMailingFlag: false,
    },
    callbackType: null,
  },
];
