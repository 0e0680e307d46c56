import { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { isoDate, money, reference, text } from './fields.js';

export const subscriptionStatuses = ['active', 'suspended', 'cancelled'] as const;

export const subscriptionSchemas = defineEntity({
  name: 'subscriptions',
  kind: 'record',
  described: 'a subscription',
  title: 'Subscription',
  shape: {
    name: text(255).optional().describe('Becomes the agreement addition\'s "Subscription Name".'),
    account: reference,
    product: reference,
    quantity: z.number().positive().max(1_000_000_000),
    billingCycle: reference.describe('Picks the ConnectWise agreement type (Synchronization Lookups).'),
    price: money.optional(),
    status: z.enum(subscriptionStatuses).default('active'),
    startDate: isoDate,
    endDate: isoDate.optional(),
  },
  rules: [
    {
      rule: 'endNotBeforeStart',
      path: ['endDate'],
      message: 'endDate must not be before startDate',
      holds: (input) =>
        typeof input.endDate !== 'string' ||
        typeof input.startDate !== 'string' ||
        input.endDate >= input.startDate,
    },
  ],
  references: [
    { path: 'account.id', entity: 'accounts' },
    { path: 'product.id', entity: 'products' },
    { path: 'billingCycle.id', entity: 'billing-cycles' },
  ],
  filters: [
    { name: 'account', path: 'account.id' },
    { name: 'product', path: 'product.id' },
    { name: 'status', path: 'status' },
  ],
});

export type Subscription = z.infer<typeof subscriptionSchemas.record>;
