import type { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { position, requiredText, countryCode } from './fields.js';

export const countrySchemas = defineEntity({
  name: 'countries',
  kind: 'lookup',
  described: 'a country',
  title: 'Country',
  shape: {
    name: requiredText(100),
    code: countryCode,
    position: position.default(0),
  },
  filters: [{ name: 'code', path: 'code' }],
});

export type Country = z.infer<typeof countrySchemas.record>;
