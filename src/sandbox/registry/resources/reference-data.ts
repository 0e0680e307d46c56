import { allMethods, type ResourceDefinition } from '../resource-definition.js';

/** Countries, states, currencies, billing terms: tables the demo seed fills and cwsync mostly reads. */
export const referenceDataResources: ResourceDefinition[] = [
  {
    path: 'company/countries',
    schema: 'Country',
    displayName: 'Country',
    objectName: 'country',
    methods: allMethods,
    defaults: { defaultFlag: false },
    callbackType: null,
  },
  {
    path: 'company/states',
    schema: 'State',
    displayName: 'State',
    objectName: 'state',
    methods: allMethods,
    callbackType: null,
  },
  {
    path: 'finance/currencies',
    schema: 'FinanceCurrency',
    displayName: 'Currency',
    objectName: 'currency',
    methods: allMethods,
    callbackType: null,
  },
  {
    path: 'finance/billingTerms',
    schema: 'BillingTerm',
    displayName: 'Billing Terms',
    objectName: 'billingTerm',
    methods: allMethods,
    defaults: { defaultFlag: false },
    callbackType: null,
  },
];
