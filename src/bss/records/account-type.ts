import type { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { position, requiredText } from './fields.js';

export const accountTypeSchemas = defineEntity({
  name: 'account-types',
  kind: 'lookup',
  described: 'an account type',
  title: 'AccountType',
  shape: {
    name: requiredText(100),
    position: position.default(0),
  },
  filters: [{ name: 'name', path: 'name' }],
});

export type AccountType = z.infer<typeof accountTypeSchemas.record>;
