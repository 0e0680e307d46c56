import { accountSchemas } from './account.js';
import { accountTypeSchemas } from './account-type.js';
import { billingCycleSchemas } from './billing-cycle.js';
import { contactSchemas } from './contact.js';
import { countrySchemas } from './country.js';
import { currencySchemas } from './currency.js';
import type { EntitySchema } from './entity-schema.js';
import type { EntityName } from './entity-names.js';
import { invoiceSchemas } from './invoice.js';
import { orderSchemas } from './order.js';
import { paymentSchemas } from './payment.js';
import { paymentMethodSchemas } from './payment-method.js';
import { productSchemas } from './product.js';
import { stateSchemas } from './state.js';
import { subscriptionSchemas } from './subscription.js';
import { unitTypeSchemas } from './unit-type.js';

export const entitySchemas: Record<EntityName, EntitySchema> = {
  accounts: accountSchemas,
  contacts: contactSchemas,
  products: productSchemas,
  orders: orderSchemas,
  invoices: invoiceSchemas,
  payments: paymentSchemas,
  subscriptions: subscriptionSchemas,
  'account-types': accountTypeSchemas,
  currencies: currencySchemas,
  countries: countrySchemas,
  states: stateSchemas,
  'unit-types': unitTypeSchemas,
  'billing-cycles': billingCycleSchemas,
  'payment-methods': paymentMethodSchemas,
};

/** What every record carries besides its own fields. */
export interface RecordEnvelope {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  integrationIds: Record<string, string>;
}

/** A record of any entity as the store returns it. */
export type BssRecord = RecordEnvelope & Record<string, unknown>;

export * from './entity-names.js';
export type { EntitySchema, FilterField, ReferenceField } from './entity-schema.js';
export type { Account } from './account.js';
export type { Contact } from './contact.js';
export type { Product } from './product.js';
export type { Order } from './order.js';
export type { Invoice } from './invoice.js';
export type { Payment } from './payment.js';
export type { Subscription } from './subscription.js';
export type { AccountType } from './account-type.js';
export type { Currency } from './currency.js';
export type { Country } from './country.js';
export type { State } from './state.js';
export type { UnitType } from './unit-type.js';
export type { BillingCycle } from './billing-cycle.js';
export type { PaymentMethod } from './payment-method.js';
