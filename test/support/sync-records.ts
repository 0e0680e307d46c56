import type { RecordStore } from '../../src/bss/store/index.js';

/** A write as the BSS's API makes it (the origin the change feed pushes). */
export const api = { origin: 'api' } as const;

/** A billing address ConnectWise takes for a company (its state by name, as the BSS sends it). */
export const tampaBilling = [
  { address1: '1 Main Street', city: 'Tampa', stateName: 'Florida', countryCode: 'US', isBilling: true },
];

/**
 * Writes an account through the API: of the account type `customer` (the one `startSyncWorld` maps) and billed at
 * `tampaBilling` unless `fields` says otherwise — the account most sync tests start from.
 */
export function upsertAccount(
  store: RecordStore,
  id: string,
  fields: { name: string } & Record<string, unknown>,
): ReturnType<RecordStore['upsert']> {
  return store.upsert('accounts', id, { type: { id: 'customer' }, addresses: tampaBilling, ...fields }, api);
}

/** Writes a contact of an account through the API. */
export function upsertContact(
  store: RecordStore,
  id: string,
  account: string,
  fields: Record<string, unknown>,
): ReturnType<RecordStore['upsert']> {
  return store.upsert('contacts', id, { account: { id: account }, ...fields }, api);
}
