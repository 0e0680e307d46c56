import type { EntityName } from '../../src/bss/records/index.js';
import { lookupEntityNames, recordEntityNames } from '../../src/bss/records/entity-names.js';
import type { RecordStore } from '../../src/bss/store/index.js';

/**
 * One valid body per entity, referring to the records `seedSampleRecords` creates (ids `sample-…`), in an
 * order where every reference already exists.
 */
export const sampleInputs: Record<EntityName, Record<string, unknown>> = {
  'account-types': { id: 'sample-type', name: 'Customer', position: 1 },
  currencies: { id: 'sample-eur', name: 'Euro', code: 'EUR', symbol: '€' },
  countries: { id: 'sample-gr', name: 'Greece', code: 'GR' },
  states: { id: 'sample-attica', country: { id: 'sample-gr' }, code: 'I', name: 'Attica' },
  'unit-types': { id: 'sample-license', name: 'License', code: 'LIC' },
  'billing-cycles': { id: 'sample-monthly', name: 'Monthly', code: 'monthly', months: 1 },
  'payment-methods': { id: 'sample-card', name: 'Credit card', code: 'CC', isCreditCard: true },
  accounts: {
    id: 'sample-account',
    code: 'ACME-001',
    name: 'Acme Hellas',
    type: { id: 'sample-type' },
    currency: { id: 'sample-eur' },
    addresses: [
      {
        address1: '1 Ermou St',
        city: 'Athens',
        postCode: '10563',
        stateCode: 'I',
        countryCode: 'GR',
        countryName: 'Greece',
        isBilling: true,
      },
    ],
    phone: '+30 210 1234567',
    webSite: 'https://acme.example',
    corpEmail: 'billing@acme.example',
    vatNumber: 'EL123456789',
    customValues: [{ name: 'segment', value: 'smb' }],
  },
  contacts: {
    id: 'sample-contact',
    account: { id: 'sample-account' },
    firstName: 'Maria',
    lastName: 'Papadopoulou',
    email: 'maria@acme.example',
    isPrimary: true,
  },
  products: {
    id: 'sample-product',
    code: 'M365-BP',
    name: 'Microsoft 365 Business Premium',
    unitType: { id: 'sample-license' },
    price: '22.00',
    cost: '18.5000',
    productClass: 'Service',
  },
  orders: {
    id: 'sample-order',
    code: 'SO-1001',
    account: { id: 'sample-account' },
    contact: { id: 'sample-contact' },
    orderDate: '2026-11-02',
    currency: { id: 'sample-eur' },
    items: [{ product: { id: 'sample-product' }, quantity: 10, unitPrice: '22.00' }],
  },
  invoices: {
    id: 'sample-invoice',
    number: 'INV-2026-0001',
    account: { id: 'sample-account' },
    order: { id: 'sample-order' },
    invoiceDate: '2026-11-03',
    dueDate: '2026-12-03',
    currency: { id: 'sample-eur' },
    subtotal: '220.00',
    taxTotal: '52.80',
    total: '272.80',
    items: [{ product: { id: 'sample-product' }, quantity: 10, unitPrice: '22.00', amount: '220.00' }],
  },
  payments: {
    id: 'sample-payment',
    invoice: { id: 'sample-invoice' },
    amount: '272.80',
    date: '2026-11-10',
    paymentMethod: { id: 'sample-card' },
    reference: 'TX-889',
  },
  subscriptions: {
    id: 'sample-subscription',
    name: 'M365 for Acme',
    account: { id: 'sample-account' },
    product: { id: 'sample-product' },
    quantity: 10,
    billingCycle: { id: 'sample-monthly' },
    price: '22.00',
    startDate: '2026-11-01',
  },
};

/** Entities in an order where each one's references are created before it. */
export const entitiesInDependencyOrder: EntityName[] = [...lookupEntityNames, ...recordEntityNames];

/** Creates the sample record of each entity up to (not including) `until`, or all of them. */
export async function seedSampleRecords(store: RecordStore, until?: EntityName): Promise<void> {
  for (const entity of entitiesInDependencyOrder) {
    if (entity === until) return;
    if ((await store.get(entity, sampleInputs[entity].id as string)) === undefined) {
      await store.create(entity, sampleInputs[entity], { origin: 'api', actor: 'test' });
    }
  }
}
