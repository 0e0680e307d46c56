// Scenario: a payment's or a subscription's create is stored by ConnectWise and its answer lost. Neither has a key
// of its own to be looked up by before every create, so cwsync notes the create before sending it: the retry finds
// the record it made (a payment by amount and date on its invoice, an addition by its "Subscription ID") and links
// it instead of making a second one. A create that went well costs no look at all. Over real HTTP, both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../../src/connectwise/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { callDeltas, seedOrderWorld, type Row } from '../support/orders.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())(
  'payment and subscription creates whose answer is lost, on $name',
  (target) => {
    let world: SyncWorld;
    let companyId: number;
    const invoiceIdOf = async (reference: string) =>
      (
        await world.cw.client
          .resource<Row>('finance/invoices')
          .page({ conditions: where('reference', '=', reference) })
      ).items[0]!.id;
    const paymentsOf = async (invoiceId: number) =>
      (await world.cw.client.resource<Row>(`finance/invoices/${invoiceId}/payments`).page()).items;
    const linkedId = async (entity: 'payments' | 'subscriptions', id: string) =>
      Number((await world.store.get(entity, id))?.integrationIds?.sandbox);
    const unsettledCreates = async () =>
      (await world.database.db.selectFrom('sync_create_attempts').selectAll().execute()).map(
        (row) => `${row.module} ${row.record_id}`,
      );

    beforeAll(async () => {
      world = await startSyncWorld(target, { apiVersion: '2025.8' });
      ({ companyId } = await seedOrderWorld(world, { creditCardMethodId: 'card' }));
      await world.store.upsert('payment-methods', 'card', { name: 'Credit card', isCreditCard: true }, api);
      await world.store.upsert(
        'invoices',
        'I-1',
        { number: 'INV-LOST-1', account: { id: 'A-1' }, invoiceDate: '2026-06-01' },
        api,
      );
      const monthly = (
        await world.cw.client
          .resource<Row>('finance/agreements/types')
          .page({ conditions: where('name', '=', 'Subscriptions Monthly') })
      ).items[0]!.id;
      await world.store.upsert(
        'billing-cycles',
        'monthly',
        { name: 'Monthly', code: 'monthly', months: 1 },
        api,
      );
      await world.lookups.set(world.instanceId, {
        lookup: 'SubscriptionUnits',
        internalId: 'monthly',
        integrationId: String(monthly),
      });
      await world.drain();
      // The runtime of the instance as the lookups left it, built now: a job that finds it changed later would
      // build it in a test, adding the reading of ConnectWise's reference data to the calls that test counts.
      await world.sync.runtimes.invalidate(world.instanceId);
      await world.sync.runtimes.get(world.instanceId);
    });
    afterAll(() => world?.stop());

    it('a payment made normally costs its POST and no look', async () => {
      const calls = await callDeltas(world);
      await world.store.upsert(
        'payments',
        'Y-0',
        { invoice: { id: 'I-1' }, amount: '10', date: '2026-06-02', paymentMethod: { id: 'card' } },
        api,
      );
      await world.drain();
      expect(await calls()).toEqual({ 'POST finance/invoices/{parentId}/payments': 1 });
      expect(await unsettledCreates()).toEqual([]);
    });

    it('a payment whose create answer is lost ends linked to the one payment made', async () => {
      const calls = await callDeltas(world);
      await world.cw.setFaults({ lostCreateAnswerRate: 1 });
      await world.store.upsert(
        'payments',
        'Y-1',
        { invoice: { id: 'I-1' }, amount: '120.50', date: '2026-06-03', paymentMethod: { id: 'card' } },
        api,
      );
      await world.drain();
      await world.cw.setFaults({ lostCreateAnswerRate: 0 });
      const delta = await calls();

      const invoiceId = await invoiceIdOf('INV-LOST-1');
      const made = (await paymentsOf(invoiceId)).filter((payment) => payment.amount === 120.5);
      expect(made).toHaveLength(1);
      expect(await linkedId('payments', 'Y-1')).toBe(made[0]!.id);
      // sent once; the retry looked (one GET) and found it instead of sending it again
      expect(delta).toEqual({
        'POST finance/invoices/{parentId}/payments': 1,
        'GET finance/invoices/{parentId}/payments': 1,
      });
      expect(await unsettledCreates()).toEqual([]);
      expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    });

    it('a lost payment like one already linked (same amount and date) ends linked to the one it made', async () => {
      await world.cw.setFaults({ lostCreateAnswerRate: 1 });
      await world.store.upsert(
        'payments',
        'Y-0-again',
        { invoice: { id: 'I-1' }, amount: '10', date: '2026-06-02', paymentMethod: { id: 'card' } },
        api,
      );
      await world.drain();
      await world.cw.setFaults({ lostCreateAnswerRate: 0 });
      const twins = (await paymentsOf(await invoiceIdOf('INV-LOST-1'))).filter(
        (payment) => payment.amount === 10,
      );
      expect(twins).toHaveLength(2);
      const ids = [await linkedId('payments', 'Y-0'), await linkedId('payments', 'Y-0-again')];
      expect(ids.sort()).toEqual(twins.map((payment) => payment.id).sort());
      expect(await unsettledCreates()).toEqual([]);
      expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    });

    it('a payment ConnectWise refuses is not looked for on its retry: the refusal made nothing', async () => {
      // an instance that leaves the amount out: ConnectWise refuses the payment (400, amount is required)
      await world.instances.update(world.instanceId, { mappingOverrides: { 'payments.push.amount': null } });
      await world.sync.runtimes.invalidate(world.instanceId);
      await world.store.upsert(
        'payments',
        'Y-2',
        { invoice: { id: 'I-1' }, amount: '5', date: '2026-06-04', paymentMethod: { id: 'card' } },
        api,
      );
      await world.drain();
      const report = (await world.sync.reports.list({ instanceId: world.instanceId })).entries;
      expect(report).toEqual([
        expect.objectContaining({ recordId: 'Y-2', outcome: 'failed', field: 'amount' }),
      ]);
      expect(await unsettledCreates()).toEqual([]);

      await world.instances.update(world.instanceId, { mappingOverrides: {} });
      await world.sync.runtimes.invalidate(world.instanceId);
      const calls = await callDeltas(world);
      await world.sync.retryNotInStep(world.instanceId);
      await world.drain();
      // (the new runtime reads the reference data again; of the payments, only the POST)
      const onPayments = Object.entries(await calls()).filter(([endpoint]) => endpoint.includes('payments'));
      expect(onPayments).toEqual([['POST finance/invoices/{parentId}/payments', 1]]);
      expect(await linkedId('payments', 'Y-2')).toBeGreaterThan(0);
    });

    it('a subscription whose addition create answer is lost ends linked to the one addition made', async () => {
      // the account's monthly agreement exists first (its own create is looked for by company and type anyway)
      await world.store.upsert(
        'subscriptions',
        'S-0',
        {
          account: { id: 'A-1' },
          product: { id: 'P-1' },
          quantity: 3,
          billingCycle: { id: 'monthly' },
          startDate: '2026-06-01',
        },
        api,
      );
      await world.drain();
      const agreementId = (
        await world.cw.client
          .resource<Row>('finance/agreements')
          .page({ conditions: where('company/id', '=', companyId) })
      ).items[0]!.id;

      const calls = await callDeltas(world);
      await world.cw.setFaults({ lostCreateAnswerRate: 1 });
      await world.store.upsert(
        'subscriptions',
        'S-1',
        {
          name: 'Seats for sales',
          account: { id: 'A-1' },
          product: { id: 'P-2' },
          quantity: 7,
          billingCycle: { id: 'monthly' },
          startDate: '2026-06-05',
        },
        api,
      );
      await world.drain();
      await world.cw.setFaults({ lostCreateAnswerRate: 0 });
      const delta = await calls();

      const additions = (
        await world.cw.client.resource<Row>(`finance/agreements/${agreementId}/additions`).page()
      ).items;
      const made = additions.filter((addition) => addition.quantity === 7);
      expect(made).toHaveLength(1);
      expect(await linkedId('subscriptions', 'S-1')).toBe(made[0]!.id);
      expect(delta['POST finance/agreements/{parentId}/additions']).toBe(1);
      expect(delta['GET finance/agreements/{parentId}/additions']).toBe(1);
      expect(await unsettledCreates()).toEqual([]);
      expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    });
  },
);
