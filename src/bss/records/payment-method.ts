import { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { position, requiredText, text } from './fields.js';

export const paymentMethodSchemas = defineEntity({
  name: 'payment-methods',
  kind: 'lookup',
  described: 'a payment method',
  title: 'PaymentMethod',
  shape: {
    name: requiredText(100),
    code: text(50).optional(),
    isCreditCard: z
      .boolean()
      .default(false)
      .describe('Payments by credit card take the CreditCardMethodId path.'),
    position: position.default(0),
  },
  filters: [{ name: 'code', path: 'code' }],
});

export type PaymentMethod = z.infer<typeof paymentMethodSchemas.record>;
