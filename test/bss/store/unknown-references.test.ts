import { describe, expect, it } from 'vitest';
import { UnknownReferenceError } from '../../../src/bss/store/index.js';
import { databaseTargets } from '../../support/database.js';
import { sampleInputs, seedSampleRecords } from '../../support/bss-records.js';
import { useRecordStore } from '../../support/record-store-suite.js';

describe.each(databaseTargets())('unknown references on $name', (target) => {
  const suite = useRecordStore(target);
  const api = { origin: 'api' as const };

  it('names every missing reference and writes nothing', async () => {
    await seedSampleRecords(suite.store, 'accounts');
    const error = await suite.store
      .create(
        'accounts',
        { ...sampleInputs.accounts, id: 'orphan', type: { id: 'reseller' }, currency: { id: 'XXX' } },
        api,
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownReferenceError);
    expect((error as Error).message).toBe(
      'type.id "reseller" is not an account type; currency.id "XXX" is not a currency',
    );
    expect((error as UnknownReferenceError).toJSON()).toMatchObject({
      error: 'unknown_reference',
      references: [
        { path: 'type.id', entity: 'account-types', id: 'reseller' },
        { path: 'currency.id', entity: 'currencies', id: 'XXX' },
      ],
    });
    expect(await suite.store.get('accounts', 'orphan')).toBeUndefined();
  });

  it('checks references inside arrays, with the item index', async () => {
    await seedSampleRecords(suite.store, 'orders');
    const error = await suite.store
      .create(
        'orders',
        {
          ...sampleInputs.orders,
          id: 'bad-lines',
          items: [
            { product: { id: 'sample-product' }, quantity: 1, unitPrice: '1' },
            { product: { id: 'ghost' }, quantity: 1, unitPrice: '1' },
          ],
        },
        api,
      )
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('items[1].product.id "ghost" is not a product');
  });

  it('checks references of a merge patch against the merged record', async () => {
    await seedSampleRecords(suite.store, 'contacts');
    await expect(
      suite.store.update('accounts', 'sample-account', { parentAccount: { id: 'nowhere' } }, api),
    ).rejects.toThrow('parentAccount.id "nowhere" is not an account');
  });

  it("takes as primary contact only one of the account's own contacts", async () => {
    await seedSampleRecords(suite.store, 'products');
    await suite.store.create('accounts', { id: 'other-account', name: 'Other' }, api);
    await suite.store.create(
      'contacts',
      { id: 'other-contact', account: { id: 'other-account' }, firstName: 'Olga' },
      api,
    );
    await expect(
      suite.store.update('accounts', 'sample-account', { primaryContact: { id: 'other-contact' } }, api),
    ).rejects.toThrow('primaryContact.id "other-contact" is not a contact of this account');
    const [refused] = await suite.store.writeBatch(
      'accounts',
      [{ id: 'sample-account', input: { name: 'Acme', primaryContact: { id: 'other-contact' } } }],
      { origin: 'import' },
    );
    expect(refused).toMatchObject({ ok: false, error: { status: 422 } });
    const accepted = await suite.store.update(
      'accounts',
      'sample-account',
      { primaryContact: { id: 'sample-contact' } },
      api,
    );
    expect(accepted.primaryContact).toEqual({ id: 'sample-contact' });
  });

  it('checks every reference field of every entity', async () => {
    await seedSampleRecords(suite.store);
    const cases: Array<[Parameters<typeof suite.store.create>[0], Record<string, unknown>, string]> = [
      ['states', { country: { id: 'zz' } }, 'country.id'],
      ['accounts', { primaryContact: { id: 'zz' } }, 'primaryContact.id'],
      ['contacts', { account: { id: 'zz' } }, 'account.id'],
      ['products', { unitType: { id: 'zz' } }, 'unitType.id'],
      ['orders', { contact: { id: 'zz' }, billingCycle: { id: 'zz' } }, 'contact.id'],
      ['invoices', { order: { id: 'zz' } }, 'order.id'],
      ['payments', { paymentMethod: { id: 'zz' } }, 'paymentMethod.id'],
      ['subscriptions', { product: { id: 'zz' } }, 'product.id'],
    ];
    for (const [entity, change, path] of cases) {
      const input = { ...sampleInputs[entity], ...change, id: `bad-${entity}` };
      await expect(suite.store.create(entity, input, api)).rejects.toThrow(`${path} "zz" is not`);
    }
  });
});
