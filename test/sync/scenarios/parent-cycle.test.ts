// Scenario: a chain of parents that can never resolve — a cycle written behind the API's back, or a parent that
// is gone. The runner reports it once, naming the chain, and stops: no push goes round the cycle again and
// again. Breaking the cycle puts both accounts in step. Over real HTTP against the sandbox, on SQLite and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonColumn } from '../../../src/db/json-column.js';
import type { ReportEntry } from '../../../src/report/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { companiesIdentifiedAs } from './support/connectwise-side.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('a parent cycle on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  const accountInput = (id: string, parent?: string) => ({
    name: `Cycle ${id}`,
    type: { id: 'customer' },
    currency: { id: 'USD' },
    addresses: [
      { address1: '1 Loop Road', city: 'Tampa', stateName: 'Florida', countryCode: 'US', isBilling: true },
    ],
    ...(parent ? { parentAccount: { id: parent } } : {}),
  });
  /** Sets an account's parent in the database itself, where the store's cycle check cannot see it. */
  const setParentBehindTheApi = async (id: string, parent: string) => {
    const record = await world.store.get('accounts', id);
    const { version: _v, createdAt: _c, updatedAt: _u, integrationIds: _i, id: _id, ...data } = record!;
    await world.database.db
      .updateTable('bss_records')
      .set({ data: writeJsonColumn({ ...data, parentAccount: { id: parent } }) })
      .where('entity', '=', 'accounts')
      .where('id', '=', id)
      .execute();
  };
  const entriesOf = async (...ids: string[]): Promise<ReportEntry[]> =>
    (await world.sync.reports.list({ instanceId: world.instanceId, module: 'accounts' })).entries.filter(
      (entry) => ids.includes(entry.recordId),
    );
  const attemptsOf = async (...ids: string[]) =>
    (await entriesOf(...ids)).reduce((sum, entry) => sum + entry.attempts, 0);

  it('A-1 → A-2 → A-1 written to the database: one entry per account, the chain named, a bounded number of pushes', async () => {
    await world.store.upsert('accounts', 'CY-1', accountInput('CY-1'), api);
    await world.store.upsert('accounts', 'CY-2', accountInput('CY-2', 'CY-1'), api);
    await setParentBehindTheApi('CY-1', 'CY-2');
    await world.drain({ timeoutMs: 15_000 });

    // One row per account, never more: the one that found the cycle names it; the other waits for it (or, when
    // two workers pushed them at once, found it too).
    const entries = await entriesOf('CY-1', 'CY-2');
    expect(entries.map((entry) => entry.recordId).sort()).toEqual(['CY-1', 'CY-2']);
    const failures = entries.filter((entry) => entry.outcome === 'failed');
    expect(failures.length).toBeGreaterThanOrEqual(1);
    for (const failure of failures) {
      expect(failure.field).toBe('parentAccount');
      expect(failure.message).toMatch(
        /^parentAccount: (CY-1 → CY-2 → CY-1|CY-2 → CY-1 → CY-2) is a cycle, so none of them can be pushed/,
      );
    }
    for (const entry of entries.filter((entry) => entry.outcome !== 'failed')) {
      expect(entry.message).toMatch(/^waiting for accounts CY-[12]$/);
    }
    // Every push of either account files an outcome: the attempts count every push made.
    const pushes = await attemptsOf('CY-1', 'CY-2');
    expect(pushes).toBeGreaterThanOrEqual(2);
    expect(pushes).toBeLessThanOrEqual(6);

    // Nothing is left going round: later, still the same pushes, and nothing was created in ConnectWise.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await world.drain({ timeoutMs: 5_000 });
    expect(await attemptsOf('CY-1', 'CY-2')).toBe(pushes);
    expect(await companiesIdentifiedAs(world, 'CY-1')).toEqual([]);
    expect(await companiesIdentifiedAs(world, 'CY-2')).toEqual([]);
  });

  it('breaking the cycle puts both accounts in step', async () => {
    await world.store.upsert('accounts', 'CY-1', accountInput('CY-1'), api);
    await world.drain({ timeoutMs: 15_000 });
    expect(await entriesOf('CY-1', 'CY-2')).toEqual([]);
    const [parent] = await companiesIdentifiedAs(world, 'CY-1');
    const [child] = await companiesIdentifiedAs(world, 'CY-2');
    expect(child).toMatchObject({ parentCompany: { id: parent!.id } });
  });

  it('an account made its own parent behind the API: one entry, one push', async () => {
    await world.store.upsert('accounts', 'CY-SELF', accountInput('CY-SELF'), api);
    await setParentBehindTheApi('CY-SELF', 'CY-SELF');
    await world.drain({ timeoutMs: 15_000 });
    const entries = await entriesOf('CY-SELF');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: 'failed',
      field: 'parentAccount',
      attempts: 1,
    });
    expect(entries[0]!.message).toMatch(/^parentAccount: CY-SELF → CY-SELF is a cycle/);
  });

  it('a parent that is gone: one entry naming it, one push', async () => {
    await world.store.upsert('accounts', 'CY-ORPHAN', accountInput('CY-ORPHAN'), api);
    await setParentBehindTheApi('CY-ORPHAN', 'CY-GONE');
    await world.drain({ timeoutMs: 15_000 });
    expect(await entriesOf('CY-ORPHAN')).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        field: 'parentAccount',
        message: 'parentAccount "CY-GONE" does not exist in the BSS',
        attempts: 1,
      }),
    ]);
  });
});
