import type { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { position, requiredText, text } from './fields.js';

export const unitTypeSchemas = defineEntity({
  name: 'unit-types',
  kind: 'lookup',
  described: 'a unit type',
  title: 'UnitType',
  shape: {
    name: requiredText(100),
    code: text(50).optional(),
    position: position.default(0),
  },
  filters: [{ name: 'code', path: 'code' }],
});

export type UnitType = z.infer<typeof unitTypeSchemas.record>;
