import { fillCustomFields } from '../../rules/custom-fields.js';
import { allMethods, type ResourceDefinition } from '../resource-definition.js';

export const financeResources: ResourceDefinition[] = [
  {
    path: 'finance/invoices',
    schema: 'Invoice',
    displayName: 'Invoice',
    objectName: 'invoice',
    customFieldScreen: 'Invoice',
    methods: allMethods,
    // The spec's text: invoiceNumber and locationId are "Required On Updates".
    requiredOnUpdate: ['invoiceNumber', 'locationId'],
    readOnly: ['subtotal', 'total', 'salesTax', 'payments', 'credits', 'balance', 'closedBy'],
    rules: [fillCustomFields],
    callbackType: 'invoice',
    children: [{ resource: 'finance/invoices/{parentId}/payments', link: 'payments_href' }],
    referenceName: (invoice) => invoice.invoiceNumber,
  },
  {
    path: 'finance/invoices/{parentId}/payments',
    schema: 'InvoicePayment',
    displayName: 'Payment',
    objectName: 'payment',
    methods: allMethods,
    parent: { resource: 'finance/invoices', field: 'invoice', fieldKind: 'reference' },
    // The spec marks nothing required; the server refuses a payment without an amount or a date.
    serverRequired: ['amount', 'paymentDate'],
    callbackType: null,
  },
  {
    path: 'finance/agreements',
    schema: 'Agreement',
    displayName: 'Agreement',
    objectName: 'agreement',
    customFieldScreen: 'Agreement',
    methods: allMethods,
    rules: [fillCustomFields],
    callbackType: 'agreement',
    children: [{ resource: 'finance/agreements/{parentId}/additions', link: 'additions_href' }],
  },
  {
    path: 'finance/agreements/{parentId}/additions',
    schema: 'AgreementAddition',
    displayName: 'Addition',
    objectName: 'addition',
    customFieldScreen: 'Agreement Addition',
    methods: allMethods,
    parent: { resource: 'finance/agreements', field: 'agreementId', fieldKind: 'id' },
    rules: [fillCustomFields],
    callbackType: null,
    referenceName: (addition) => addition.description,
  },
  {
    path: 'finance/agreements/types',
    schema: 'AgreementType',
    displayName: 'Agreement Type',
    objectName: 'agreementType',
    methods: allMethods,
    callbackType: null,
  },
];
