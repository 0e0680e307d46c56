import { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { isoDate, money, reference, requiredText, text } from './fields.js';

export const invoiceStatuses = ['draft', 'issued', 'partiallyPaid', 'paid', 'overdue', 'cancelled'] as const;

export const invoiceItem = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  product: reference.optional(),
  description: text(4000).optional(),
  quantity: z.number().positive().max(1_000_000_000),
  unitPrice: money,
  taxAmount: money.optional(),
  amount: money.optional(),
});

export const invoiceSchemas = defineEntity({
  name: 'invoices',
  kind: 'record',
  described: 'an invoice',
  title: 'Invoice',
  shape: {
    number: requiredText(50),
    account: reference,
    order: reference.optional(),
    invoiceDate: isoDate,
    dueDate: isoDate.optional(),
    currency: reference.optional(),
    status: z.enum(invoiceStatuses).default('issued'),
    subtotal: money.optional(),
    taxTotal: money.optional(),
    total: money.optional(),
    notes: text(4000).optional(),
    items: z.array(invoiceItem).max(1000).default([]),
  },
  rules: [
    {
      rule: 'dueNotBeforeInvoiceDate',
      path: ['dueDate'],
      message: 'dueDate must not be before invoiceDate',
      holds: (input) =>
        typeof input.dueDate !== 'string' ||
        typeof input.invoiceDate !== 'string' ||
        input.dueDate >= input.invoiceDate,
    },
  ],
  references: [
    { path: 'account.id', entity: 'accounts' },
    { path: 'order.id', entity: 'orders' },
    { path: 'currency.id', entity: 'currencies' },
    { path: 'items[].product.id', entity: 'products' },
  ],
  filters: [
    { name: 'account', path: 'account.id' },
    { name: 'number', path: 'number' },
    { name: 'status', path: 'status' },
  ],
});

export type Invoice = z.infer<typeof invoiceSchemas.record>;
