// Scenario: an account whose code (ConnectWise's accountNumber) is longer than the 41 characters real tenants take,
// a limit ConnectWise's published schema does not state. It is a report entry naming the field and the limit, no
// request for it reaches ConnectWise, and the other accounts sync. Over real HTTP against the sandbox, on SQLite
// and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { companiesIdentifiedAs } from './support/connectwise-side.js';
import { upsertAccount } from '../../support/sync-records.js';

const api = { origin: 'api' as const };

/** Every write to companies so far (a create, a PATCH, a PUT), by method and route. */
const companyWrites = (calls: Awaited<ReturnType<SyncWorld['calls']>>) =>
  calls.endpoints
    .filter((endpoint) => endpoint.route.includes('/company/companies') && endpoint.method !== 'GET')
    .map((endpoint) => `${endpoint.method} ${endpoint.route} ${endpoint.total}`);

describe.each(databaseTargets())('an account number too long for ConnectWise on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  it('is reported with the field and the limit, never sent; the other accounts sync', async () => {
    const longCode = 'ACCT-2026-TAMPA-BAY-HOLDINGS-NORTH-DIVISION-7'; // 45 characters
    await upsertAccount(world.store, 'LONG-1', { name: 'Tampa Bay Holdings', code: longCode });
    const before = await world.calls();
    await world.drain();
    expect(companyWrites(await world.calls())).toEqual(companyWrites(before));
    const entries = (await world.sync.reports.list({ instanceId: world.instanceId, module: 'accounts' }))
      .entries;
    expect(entries.find((entry) => entry.recordId === 'LONG-1')).toMatchObject({
      outcome: 'failed',
      field: 'accountNumber',
      message: 'accountNumber: at most 41 characters in ConnectWise (got 45)',
    });
    expect(await companiesIdentifiedAs(world, 'LONG-1')).toEqual([]);

    // A retry of the same record writes nothing either: the limit is checked before anything is sent.
    await world.sync.retryNotInStep(world.instanceId);
    await world.drain();
    expect(companyWrites(await world.calls())).toEqual(companyWrites(before));

    await upsertAccount(world.store, 'SHORT-1', { name: 'Tampa Bay Traders', code: 'ACCT-2026-TAMPA' });
    await world.drain();
    expect((await companiesIdentifiedAs(world, 'SHORT-1'))[0]).toMatchObject({
      accountNumber: 'ACCT-2026-TAMPA',
    });

    await world.store.update('accounts', 'LONG-1', { code: longCode.slice(0, 41) }, api);
    await world.drain();
    expect(
      (await world.sync.reports.list({ instanceId: world.instanceId, module: 'accounts' })).entries,
    ).toEqual([]);
    expect((await companiesIdentifiedAs(world, 'LONG-1'))[0]).toMatchObject({
      accountNumber: longCode.slice(0, 41),
    });
  });
});
