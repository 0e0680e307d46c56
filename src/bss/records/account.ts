import { z } from 'zod';
import { defineEntity } from './entity-schema.js';
import {
  countryCode,
  emailAddress,
  phoneNumber,
  reference,
  requiredText,
  stateCode,
  text,
  webAddress,
} from './fields.js';

export const accountAddress = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  address1: text(255).optional(),
  address2: text(255).optional(),
  city: text(100).optional(),
  postCode: text(20).optional(),
  stateCode: stateCode.optional(),
  stateName: text(100).optional(),
  countryCode: countryCode.optional(),
  countryName: text(100).optional(),
  isBilling: z.boolean().default(false),
  description: text(255).optional(),
});

export const customValue = z.strictObject({
  name: requiredText(100),
  value: z.union([z.string().max(4000), z.number(), z.boolean()]),
});

function addressesOf(input: Record<string, unknown>): Array<Record<string, unknown>> {
  return Array.isArray(input.addresses) ? (input.addresses as Array<Record<string, unknown>>) : [];
}

export const accountSchemas = defineEntity({
  name: 'accounts',
  kind: 'record',
  described: 'an account',
  title: 'Account',
  shape: {
    code: requiredText(50).optional(),
    name: requiredText(255),
    type: reference.optional().describe('The account type (Demographics > Type).'),
    currency: reference.optional(),
    parentAccount: reference.optional(),
    addresses: z.array(accountAddress).max(50).default([]),
    phone: phoneNumber.optional(),
    fax: phoneNumber.optional(),
    webSite: webAddress.optional(),
    corpEmail: emailAddress.optional(),
    primaryContact: reference.optional().describe('A contact of this account.'),
    description: text(4000).optional(),
    vatNumber: z
      .string()
      .regex(/^[A-Za-z0-9 .-]{2,30}$/, 'must be 2..30 letters, digits, spaces, "." or "-"')
      .optional(),
    isTaxable: z.boolean().default(true),
    customValues: z.array(customValue).max(200).default([]),
  },
  rules: [
    {
      rule: 'singleBillingAddress',
      path: ['addresses'],
      message: 'at most one address may have isBilling: true',
      holds: (input) => addressesOf(input).filter((address) => address?.isBilling === true).length <= 1,
    },
    {
      rule: 'uniqueAddressIds',
      path: ['addresses'],
      message: 'address ids must be unique',
      holds: (input) => {
        const ids = addressesOf(input)
          .map((address) => address?.id)
          .filter((id) => id !== undefined);
        return new Set(ids).size === ids.length;
      },
    },
    {
      rule: 'notOwnParent',
      path: ['parentAccount', 'id'],
      message: 'an account cannot be its own parent',
      holds: (input) =>
        input.id === undefined || (input.parentAccount as { id?: unknown } | undefined)?.id !== input.id,
    },
    {
      rule: 'uniqueCustomValueNames',
      path: ['customValues'],
      message: 'custom value names must be unique',
      holds: (input) => {
        const names = Array.isArray(input.customValues)
          ? (input.customValues as Array<{ name?: unknown }>).map((value) => value?.name)
          : [];
        return new Set(names).size === names.length;
      },
    },
  ],
  references: [
    { path: 'type.id', entity: 'account-types' },
    { path: 'currency.id', entity: 'currencies' },
    { path: 'parentAccount.id', entity: 'accounts', acyclic: true },
    {
      path: 'primaryContact.id',
      entity: 'contacts',
      mustReferBack: 'account.id',
      described: 'a contact of this account',
    },
  ],
  filters: [
    { name: 'code', path: 'code' },
    { name: 'name', path: 'name' },
    { name: 'type', path: 'type.id' },
    { name: 'parentAccount', path: 'parentAccount.id' },
  ],
});

export type Account = z.infer<typeof accountSchemas.record>;
export type AccountInput = z.input<typeof accountSchemas.input>;
