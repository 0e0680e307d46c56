import { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { money, reference, requiredText, text } from './fields.js';

/** ConnectWise's catalog product classes, so the mapping can pass the value through. */
export const productClasses = ['Agreement', 'Bundle', 'Inventory', 'NonInventory', 'Service'] as const;

export const productSchemas = defineEntity({
  name: 'products',
  kind: 'record',
  described: 'a product',
  title: 'Product',
  shape: {
    code: requiredText(75).describe('The SKU; becomes the ConnectWise catalog identifier.'),
    name: requiredText(255),
    description: text(4000).optional(),
    fullDescription: text(6000).optional(),
    unitType: reference.optional(),
    price: money.optional(),
    cost: money.optional(),
    isTaxable: z.boolean().default(true),
    isActivated: z.boolean().default(true),
    productClass: z.enum(productClasses).default('NonInventory'),
  },
  references: [{ path: 'unitType.id', entity: 'unit-types' }],
  filters: [
    { name: 'code', path: 'code' },
    { name: 'name', path: 'name' },
    { name: 'productClass', path: 'productClass' },
  ],
});

export type Product = z.infer<typeof productSchemas.record>;
