// Scenario: ConnectWise keeps a value otherwise than cwsync wrote it (a tenant's shorter column, a workflow that
// sets its own value). Every answer to a write is compared with what was sent, at no extra call: a difference is
// a warning in the connector report with the value sent and the value kept, and a count in /metrics; the record
// stays linked; a later write kept as sent clears the warning. The sandbox's "kept values" fault plays the tenant,
// over real HTTP, on SQLite and PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../../src/metrics/create-metrics.js';
import type { ReportEntry } from '../../../src/report/index.js';
import { pushJobKind } from '../../../src/sync/index.js';
import type { KeptValueRule } from '../../../src/sandbox/faults/kept-values.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { billingAddress, callDeltas, linesOfOrder, seedOrderWorld } from '../support/orders.js';
import { companiesIdentifiedAs, linkOf } from './support/connectwise-side.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('values ConnectWise kept differently on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target, { apiVersion: '2025.8' });
    await seedOrderWorld(world);
  });
  afterAll(() => world?.stop());
  beforeEach(() => keepValues([]));

  const keepValues = async (rules: KeptValueRule[]) => {
    const response = await fetch(`${world.cw.sandbox.url}/__sandbox/faults/kept-values`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules }),
    });
    expect(response.status).toBe(200);
  };
  const entryOf = async (module: string, recordId: string): Promise<ReportEntry | undefined> =>
    world.sync.reports.get({ instanceId: world.instanceId, module, recordId, direction: 'push' });
  const account = (name: string) => ({ name, type: { id: 'customer' }, addresses: [billingAddress] });

  it('a name the tenant truncates is a warning with both values and a count; the company stays linked; no call is added', async () => {
    await keepValues([{ resource: 'company/companies', field: 'name', truncateTo: 10 }]);
    // the same push of a name the tenant keeps as sent: what verification may cost is measured against it
    const control = await callDeltas(world);
    await world.store.upsert('accounts', 'KD-0', account('Fabrikam'), api);
    await world.drain();
    const controlCalls = await control();
    expect(await entryOf('accounts', 'KD-0')).toBeUndefined();

    const calls = await callDeltas(world);
    await world.store.upsert('accounts', 'KD-1', account('Contoso Holdings International'), api);
    await world.drain();
    // The answers to the writes are what was compared: not one call more than the push kept as sent.
    expect(await calls()).toEqual(controlCalls);
    expect(controlCalls['POST company/companies']).toBe(1);

    const [company] = await companiesIdentifiedAs(world, 'KD-1');
    expect(company).toMatchObject({ name: 'Contoso Ho' });
    expect(await linkOf(world, 'accounts', 'KD-1')).toMatchObject({ connectwiseId: company!.id });
    const entry = await entryOf('accounts', 'KD-1');
    expect(entry).toMatchObject({
      outcome: 'warning',
      action: 'create',
      field: 'name',
      differences: [
        {
          resource: 'company/companies',
          connectwiseId: company!.id,
          field: 'name',
          path: 'name',
          sent: 'Contoso Holdings International',
          kept: 'Contoso Ho',
        },
      ],
    });
    expect(entry!.message).toContain('sent "Contoso Holdings International", kept "Contoso Ho"');
    expect(world.sync.writeDifferences.snapshot()).toContainEqual({
      instance: world.instanceId,
      module: 'accounts',
      field: 'name',
      count: 1,
    });
    const metrics = createMetricsRegistry({
      db: world.database.db,
      writeDifferences: world.sync.writeDifferences.snapshot,
    });
    const text = await metrics.metrics();
    expect(text).toContain(
      `cwsync_write_differences_total{instance="${world.instanceId}",module="accounts",field="name"} 1`,
    );
    expect(text).toContain(
      `cwsync_records_not_in_step{instance="${world.instanceId}",module="accounts",direction="push",outcome="warning"} 1`,
    );
  });

  it('a later write ConnectWise keeps as sent clears the warning, at the cost of the write alone', async () => {
    const calls = await callDeltas(world);
    await world.store.update('accounts', 'KD-1', { name: 'Contoso Ltd' }, api);
    await world.drain();
    expect(await calls()).toEqual({ 'PATCH company/companies/{id}': 1 });
    expect((await companiesIdentifiedAs(world, 'KD-1'))[0]).toMatchObject({ name: 'Contoso Ltd' });
    expect(await entryOf('accounts', 'KD-1')).toBeUndefined();
  });

  /** What the report's re-sync does: the instance's settings read afresh, the record's push queued. */
  const resync = async (module: string, recordId: string) => {
    await world.sync.runtimes.invalidate(world.instanceId);
    await world.queue.enqueue({ kind: pushJobKind, instanceId: world.instanceId, module, recordId });
    await world.drain();
  };

  it('a value a workflow overwrites on a PATCH is a warning each time it is written, until the workflow is gone', async () => {
    await keepValues([{ resource: 'company/companies', field: 'name', value: 'Renamed by a workflow' }]);
    await world.store.update('accounts', 'KD-1', { name: 'Contoso Group' }, api);
    await world.drain();
    expect(await entryOf('accounts', 'KD-1')).toMatchObject({
      outcome: 'warning',
      action: 'update',
      differences: [{ field: 'name', sent: 'Contoso Group', kept: 'Renamed by a workflow' }],
    });
    // The daily retry leaves a warning alone: the write went through, there is nothing to retry.
    expect(await world.sync.retryNotInStep(world.instanceId)).toBe(0);
    // Re-synced from the report while the workflow still overwrites it: written again, kept otherwise again.
    await resync('accounts', 'KD-1');
    expect(await entryOf('accounts', 'KD-1')).toMatchObject({ outcome: 'warning', attempts: 2 });
    // The workflow is gone: the re-sync's write is kept as sent, and the warning goes.
    await keepValues([]);
    await resync('accounts', 'KD-1');
    expect(await entryOf('accounts', 'KD-1')).toBeUndefined();
    expect((await companiesIdentifiedAs(world, 'KD-1'))[0]).toMatchObject({ name: 'Contoso Group' });
  });

  it("an order line's description the tenant truncates is a warning on the order, naming the line", async () => {
    await keepValues([{ resource: 'procurement/products', field: 'description', truncateTo: 5 }]);
    const order = (id: string, secondDescription: string) =>
      world.store.upsert(
        'orders',
        id,
        {
          code: `SO-${id}`,
          account: { id: 'A-1' },
          orderDate: '2026-03-01',
          currency: { id: 'USD' },
          status: 'confirmed',
          items: [
            { id: 'l-1', product: { id: 'P-1' }, quantity: 1, unitPrice: '10.00', description: 'Seats' },
            {
              id: 'l-2',
              product: { id: 'P-2' },
              quantity: 2,
              unitPrice: '20.00',
              description: secondDescription,
            },
          ],
        },
        api,
      );
    const control = await callDeltas(world);
    await order('KD-O-0', 'Tape');
    await world.drain();
    const controlCalls = await control();
    expect(await entryOf('orders', 'KD-O-0')).toBeUndefined();

    const calls = await callDeltas(world);
    await order('KD-O-1', 'Backup storage');
    await world.drain();
    // the first order read the statuses and the orders for the match index; the second reuses them
    expect(await calls()).toEqual({ 'POST sales/orders': 1, 'POST procurement/products': 2 });
    expect(controlCalls).toEqual({
      ...(await calls()),
      'GET sales/orders': 1,
      'GET sales/orders/statuses': 1,
    });
    const orderLink = await linkOf(world, 'orders', 'KD-O-1');
    expect(orderLink).toBeDefined();
    const lines = await linesOfOrder(world, orderLink!.connectwiseId);
    const truncated = lines.find((line) => line.integrationXRef === 'l-2')!;
    expect(truncated.description).toBe('Backu');
    expect(await entryOf('orders', 'KD-O-1')).toMatchObject({
      outcome: 'warning',
      field: 'description',
      differences: [
        {
          resource: 'procurement/products',
          connectwiseId: truncated.id,
          field: 'description',
          sent: 'Backup storage',
          kept: 'Backu',
        },
      ],
    });
    expect(world.sync.writeDifferences.snapshot()).toContainEqual({
      instance: world.instanceId,
      module: 'orders',
      field: 'procurement/products.description',
      count: 1,
    });
  });
});
