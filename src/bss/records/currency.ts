import type { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { position, requiredText, currencyCode, text } from './fields.js';

export const currencySchemas = defineEntity({
  name: 'currencies',
  kind: 'lookup',
  described: 'a currency',
  title: 'Currency',
  shape: {
    name: requiredText(100),
    code: currencyCode,
    symbol: text(5).optional(),
    position: position.default(0),
  },
  filters: [{ name: 'code', path: 'code' }],
});

export type Currency = z.infer<typeof currencySchemas.record>;
