import { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { position, requiredText } from './fields.js';

export const billingCycleSchemas = defineEntity({
  name: 'billing-cycles',
  kind: 'lookup',
  described: 'a billing cycle',
  title: 'BillingCycle',
  shape: {
    name: requiredText(100),
    code: z
      .string()
      .regex(/^[a-z0-9-]{1,30}$/, 'must be 1..30 lower-case letters, digits or "-", e.g. "monthly"'),
    months: z.int().min(0).max(120).optional().describe('Length of one cycle in months; 0 for one-off.'),
    position: position.default(0),
  },
  filters: [{ name: 'code', path: 'code' }],
});

export type BillingCycle = z.infer<typeof billingCycleSchemas.record>;
