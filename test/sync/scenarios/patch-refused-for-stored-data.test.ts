// Scenario: a tenant whose stored company data breaks every company PATCH (ConnectWise's 400 "String was not
// recognized as a valid DateTime.", seen live whatever field is patched). cwsync falls back, once, to a PUT of the
// company read back with its changes and without the create-only types, and the report says so as a warning; a PUT
// refused too is an ordinary failure with ConnectWise's message; a refusal that names a field cwsync sent never
// falls back. Over real HTTP against the sandbox (fault switch companyPatchDateTimeError), on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportEntry } from '../../../src/report/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { callsTo, companiesIdentifiedAs } from './support/connectwise-side.js';
import { upsertAccount } from '../../support/sync-records.js';

const api = { origin: 'api' as const };
const tooLongFor2022 = 'The Extraordinarily Long-Named Holding Company of Tampa Bay'; // 59 characters; 2022.1 takes 50

describe.each(databaseTargets())('company PATCH refused for stored data on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  const setFaults = async (faults: Record<string, unknown>) => {
    const response = await fetch(`${world.cw.sandbox.url}/__sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
    expect(response.status).toBe(200);
  };
  const entryOf = async (recordId: string): Promise<ReportEntry | undefined> =>
    (await world.sync.reports.list({ instanceId: world.instanceId, module: 'accounts' })).entries.find(
      (entry) => entry.recordId === recordId,
    );
  const companyCalls = async () => ({
    patch: await callsTo(world, 'PATCH', 'company/companies/:id'),
    put: await callsTo(world, 'PUT', 'company/companies/:id'),
  });

  it('falls back once to a PUT of the company read back, keeps its type, and warns', async () => {
    await upsertAccount(world.store, 'PF-1', { name: 'Harbour Freight' });
    await world.drain();
    expect(await entryOf('PF-1')).toBeUndefined();
    const [created] = await companiesIdentifiedAs(world, 'PF-1');

    await setFaults({ companyPatchDateTimeError: true });
    const before = await companyCalls();
    await world.store.update('accounts', 'PF-1', { name: 'Harbour Freight Lines', phone: '8135550100' }, api);
    await world.drain();
    const after = await companyCalls();

    expect(after.patch.total - before.patch.total).toBe(1);
    expect((after.patch.statuses['400'] ?? 0) - (before.patch.statuses['400'] ?? 0)).toBe(1);
    expect(after.put.total - before.put.total).toBe(1);
    expect((after.put.statuses['200'] ?? 0) - (before.put.statuses['200'] ?? 0)).toBe(1);
    const [company] = await companiesIdentifiedAs(world, 'PF-1');
    expect(company).toMatchObject({
      id: created!.id,
      name: 'Harbour Freight Lines',
      phoneNumber: '8135550100',
      city: 'Tampa',
      types: [expect.objectContaining({ id: world.ids.customerType })],
    });
    const entry = await entryOf('PF-1');
    expect(entry).toMatchObject({ outcome: 'warning', action: 'update' });
    expect(entry!.message).toMatch(/String was not recognized as a valid DateTime/);
    expect(entry!.message).toMatch(/PUT/);

    // The warning is about a write that went through: a retry of what is not in step leaves it alone.
    await world.sync.retryNotInStep(world.instanceId);
    await world.drain();
    expect((await companyCalls()).put.total).toBe(after.put.total);
    expect(await entryOf('PF-1')).toMatchObject({ outcome: 'warning' });
  });

  it("a PUT refused too is a failure carrying ConnectWise's own message", async () => {
    await setFaults({ companyPatchDateTimeError: false });
    await upsertAccount(world.store, 'PF-2', { name: 'Bayside Supply' });
    await world.drain();
    await setFaults({ companyPatchDateTimeError: true });
    await world.store.update('accounts', 'PF-2', { name: tooLongFor2022 }, api);
    await world.drain();
    const entry = await entryOf('PF-2');
    expect(entry).toMatchObject({
      outcome: 'failed',
      action: 'update',
      field: 'name',
      connectwise: { status: 400 },
    });
    expect(entry!.connectwise!.errors).toEqual([
      expect.objectContaining({ field: 'name', message: expect.stringMatching(/50/) }),
    ]);
    expect((await companiesIdentifiedAs(world, 'PF-2'))[0]).toMatchObject({ name: 'Bayside Supply' });
  });

  it('a refusal naming a field cwsync sent never falls back to a PUT', async () => {
    await setFaults({ companyPatchDateTimeError: false });
    await upsertAccount(world.store, 'PF-3', { name: 'Gulf Coast Marine' });
    await world.drain();
    const before = await companyCalls();
    await world.store.update('accounts', 'PF-3', { name: tooLongFor2022 }, api);
    await world.drain();
    expect(await entryOf('PF-3')).toMatchObject({ outcome: 'failed', field: 'name' });
    expect((await companyCalls()).put.total).toBe(before.put.total);
  });
});
