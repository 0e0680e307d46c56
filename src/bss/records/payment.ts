import type { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { isoDate, money, reference, text } from './fields.js';

export const paymentSchemas = defineEntity({
  name: 'payments',
  kind: 'record',
  described: 'a payment',
  title: 'Payment',
  shape: {
    invoice: reference,
    amount: money.refine((value) => !value.startsWith('-') && /[1-9]/.test(value), {
      message: 'must be more than 0',
      params: { rule: 'positive' },
    }),
    date: isoDate,
    paymentMethod: reference.optional(),
    currency: reference.optional(),
    reference: text(100).optional().describe('The payment reference, e.g. a bank transfer id.'),
  },
  references: [
    { path: 'invoice.id', entity: 'invoices' },
    { path: 'paymentMethod.id', entity: 'payment-methods' },
    { path: 'currency.id', entity: 'currencies' },
  ],
  filters: [{ name: 'invoice', path: 'invoice.id' }],
});

export type Payment = z.infer<typeof paymentSchemas.record>;
