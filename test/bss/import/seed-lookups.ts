import type { RecordStore } from '../../../src/bss/store/index.js';

/** The account types and currencies the import fixtures refer to. */
export async function seedAccountLookups(store: RecordStore): Promise<void> {
  const ctx = { origin: 'api' as const };
  await store.upsert('account-types', 'reseller', { name: 'Reseller' }, ctx);
  await store.upsert('account-types', 'end-customer', { name: 'End customer' }, ctx);
  await store.upsert('currencies', 'EUR', { name: 'Euro', code: 'EUR' }, ctx);
  await store.upsert('currencies', 'USD', { name: 'US dollar', code: 'USD' }, ctx);
}

export const fixturePath = (name: string): string =>
  new URL(`../../fixtures/import/${name}`, import.meta.url).pathname;
