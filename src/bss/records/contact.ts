import { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import { emailAddress, phoneNumber, reference, requiredText, text } from './fields.js';

export const contactSchemas = defineEntity({
  name: 'contacts',
  kind: 'record',
  described: 'a contact',
  title: 'Contact',
  shape: {
    account: reference,
    firstName: requiredText(100).describe('Required: ConnectWise refuses a contact without one.'),
    lastName: text(100).optional(),
    jobTitle: text(100).optional(),
    email: emailAddress.optional(),
    phone: phoneNumber.optional(),
    mobilePhone: phoneNumber.optional(),
    fax: phoneNumber.optional(),
    notes: text(4000).optional(),
    isPrimary: z.boolean().default(false),
  },
  references: [{ path: 'account.id', entity: 'accounts' }],
  filters: [
    { name: 'account', path: 'account.id' },
    { name: 'email', path: 'email' },
  ],
});

export type Contact = z.infer<typeof contactSchemas.record>;
