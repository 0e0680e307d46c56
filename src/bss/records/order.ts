import { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { isoDate, money, reference, requiredText, text } from './fields.js';

export const orderStatuses = ['draft', 'pending', 'confirmed', 'completed', 'cancelled'] as const;

export const orderItem = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  product: reference,
  quantity: z.number().positive().max(1_000_000_000),
  unitPrice: money,
  description: text(4000).optional(),
});

export const orderSchemas = defineEntity({
  name: 'orders',
  kind: 'record',
  described: 'an order',
  title: 'Order',
  shape: {
    code: requiredText(50).describe('The order number; becomes the ConnectWise PO number.'),
    account: reference,
    contact: reference.optional(),
    orderDate: isoDate,
    currency: reference.optional(),
    status: z.enum(orderStatuses).default('pending'),
    billingCycle: reference.optional(),
    notes: text(4000).optional(),
    totalAmount: money.optional(),
    items: z.array(orderItem).max(1000).default([]),
  },
  references: [
    { path: 'account.id', entity: 'accounts' },
    { path: 'contact.id', entity: 'contacts' },
    { path: 'currency.id', entity: 'currencies' },
    { path: 'billingCycle.id', entity: 'billing-cycles' },
    { path: 'items[].product.id', entity: 'products' },
  ],
  filters: [
    { name: 'account', path: 'account.id' },
    { name: 'code', path: 'code' },
    { name: 'status', path: 'status' },
  ],
});

export type Order = z.infer<typeof orderSchemas.record>;
