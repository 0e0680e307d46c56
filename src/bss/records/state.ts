import type { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { position, requiredText, reference, stateCode } from './fields.js';

export const stateSchemas = defineEntity({
  name: 'states',
  kind: 'lookup',
  described: 'a state',
  title: 'State',
  shape: {
    name: requiredText(100),
    country: reference,
    code: stateCode,
    position: position.default(0),
  },
  references: [{ path: 'country.id', entity: 'countries' }],
  filters: [
    { name: 'country', path: 'country.id' },
    { name: 'code', path: 'code' },
  ],
});

export type State = z.infer<typeof stateSchemas.record>;
