export const recordEntityNames = [
  'accounts',
  'contacts',
  'products',
  'orders',
  'invoices',
  'payments',
  'subscriptions',
] as const;

export const lookupEntityNames = [
  'account-types',
  'currencies',
  'countries',
  'states',
  'unit-types',
  'billing-cycles',
  'payment-methods',
] as const;

export const entityNames = [...recordEntityNames, ...lookupEntityNames] as const;

export type RecordEntityName = (typeof recordEntityNames)[number];
export type LookupEntityName = (typeof lookupEntityNames)[number];
export type EntityName = (typeof entityNames)[number];

export function isEntityName(value: string): value is EntityName {
  return (entityNames as readonly string[]).includes(value);
}
