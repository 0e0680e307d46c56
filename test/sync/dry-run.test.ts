// The dry run: the engine over a read-only view — what a sync would do, with its payloads, and nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { where } from '../../src/connectwise/index.js';
import type { Database } from '../../src/db/index.js';
import { dryRunSync, type DryRunEntry, type DryRunPlan } from '../../src/sync/dry-run/index.js';
import { pollCursorName } from '../../src/sync/poll-job.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';
import { upsertAccount, upsertContact, tampaBilling } from '../support/sync-records.js';

const api = { origin: 'api' as const };

/** Every row of every table cwsync writes, so "nothing written" is checked, not assumed. */
async function snapshotDatabase(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const tables = [
    'bss_records',
    'bss_record_keys',
    'bss_record_changes',
    'record_links',
    'sync_jobs',
    'sync_report',
    'sync_runs',
    'sync_waits',
    'sync_cursors',
    'sync_run_records',
    'sync_create_attempts',
  ] as const;
  const snapshot: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await db.selectFrom(table).selectAll().execute();
    snapshot[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return snapshot;
}

const entryOf = (plan: DryRunPlan, direction: string, module: string, id: string): DryRunEntry => {
  const found = plan.entries.find(
    (entry) => entry.direction === direction && entry.module === module && entry.id === id,
  );
  if (!found) throw new Error(`no plan entry for ${direction} ${module} ${id}`);
  return found;
};

describe.each(databaseTargets())('the dry run on $name', (target) => {
  let world: SyncWorld;
  const writesTo = async () =>
    (await world.calls()).endpoints
      .filter((endpoint) => endpoint.method !== 'GET')
      .reduce((sum, endpoint) => sum + endpoint.total, 0);
  const dryRun = (request: Partial<Parameters<typeof dryRunSync>[1]> = {}) =>
    dryRunSync(
      { runtimes: world.sync.runtimes, store: world.store, state: world.sync.state },
      { instanceId: world.instanceId, ...request },
    );

  beforeAll(async () => {
    world = await startSyncWorld(target);
    await world.store.upsert(
      'accounts',
      'NW-1',
      {
        name: 'Northwind Traders',
        type: { id: 'customer' },
        currency: { id: 'USD' },
        addresses: tampaBilling,
      },
      api,
    );
    await upsertContact(world.store, 'NW-1-ann', 'NW-1', {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@northwind.example',
    });
    await world.store.update('accounts', 'NW-1', { primaryContact: { id: 'NW-1-ann' } }, api);
    // listed before its parent: the dry run plans the parent first, as a real run's wait would
    await world.store.upsert(
      'accounts',
      'NW-0-branch',
      {
        name: 'Northwind Branch',
        type: { id: 'customer' },
        parentAccount: { id: 'NW-1' },
        addresses: tampaBilling,
      },
      api,
    );
    await world.store.upsert('account-types', 'reseller', { name: 'Reseller' }, api);
    await upsertAccount(world.store, 'NW-3', { name: 'Fabrikam', type: { id: 'reseller' } });
  });
  afterAll(() => world?.stop());

  it('lists the creates of a fresh BSS with their bodies, and writes nothing anywhere', async () => {
    const before = await snapshotDatabase(world.database.db);
    const writesBefore = await writesTo();

    const plan = await dryRun({ directions: ['push'] });

    const account = entryOf(plan, 'push', 'accounts', 'NW-1');
    expect(account).toMatchObject({ action: 'create', target: expect.any(Number) });
    expect(account.target as number).toBeLessThan(0);
    expect(account.writes[0]).toEqual({
      to: 'connectwise',
      method: 'POST',
      path: 'company/companies',
      body: expect.objectContaining({
        identifier: 'NW-1',
        name: 'Northwind Traders',
        types: [{ id: world.ids.customerType }],
        currency: { id: world.ids.usd },
        state: 'FL',
      }),
    });
    expect(account.message).toContain('contacts NW-1-ann');
    expect(entryOf(plan, 'push', 'contacts', 'NW-1-ann')).toMatchObject({
      action: 'waiting',
      message: 'waits for accounts NW-1 (would be created)',
      waitsFor: [{ module: 'accounts', id: 'NW-1', wouldBe: 'create' }],
      writes: [],
    });
    const branch = entryOf(plan, 'push', 'accounts', 'NW-0-branch');
    expect(branch).toMatchObject({
      action: 'waiting',
      message: 'waits for accounts NW-1 (would be created)',
    });
    // the parent is planned before the child that waits for it
    const order = plan.entries.map((entry) => entry.id);
    expect(order.indexOf('NW-1')).toBeLessThan(order.indexOf('NW-0-branch'));
    expect(entryOf(plan, 'push', 'accounts', 'NW-3')).toMatchObject({
      action: 'failed',
      field: 'accountType',
      message: expect.stringMatching(/reseller.*AccountType/),
    });
    expect(plan.summary).toEqual([
      {
        instanceId: 'sandbox',
        direction: 'push',
        module: 'accounts',
        counts: { create: 1, waiting: 1, failed: 1 },
      },
      { instanceId: 'sandbox', direction: 'push', module: 'contacts', counts: { waiting: 1 } },
    ]);

    expect(await writesTo()).toBe(writesBefore);
    expect(await snapshotDatabase(world.database.db)).toEqual(before);
  });

  it('after a sync, lists exactly the one change as an update with its PATCH operations', async () => {
    await world.drain();
    const company = (
      await world.cw.client.company.companies.page({ conditions: where('identifier', '=', 'NW-1') })
    ).items[0]!;
    await world.store.update('accounts', 'NW-1', { phone: '+1 813 555 0199' }, api);
    const before = await snapshotDatabase(world.database.db);
    const writesBefore = await writesTo();

    const plan = await dryRun({ directions: ['push'] });

    expect(entryOf(plan, 'push', 'accounts', 'NW-1')).toMatchObject({
      action: 'update',
      target: company.id,
      writes: [
        {
          to: 'connectwise',
          method: 'PATCH',
          path: `company/companies/${company.id}`,
          operations: [{ op: 'replace', path: 'phoneNumber', value: '+1 813 555 0199' }],
        },
      ],
    });
    const others = plan.entries.filter((entry) => entry.id !== 'NW-1' && entry.id !== 'NW-3');
    expect(others.map((entry) => [entry.id, entry.action, entry.writes])).toEqual([
      ['NW-0-branch', 'unchanged', []],
      ['NW-1-ann', 'unchanged', []],
    ]);
    expect(entryOf(plan, 'push', 'accounts', 'NW-3').action).toBe('failed');
    expect(await writesTo()).toBe(writesBefore);
    expect(await snapshotDatabase(world.database.db)).toEqual(before);
  });

  it('links a BSS account to the ConnectWise company that already has its identifier', async () => {
    const existing = await world.cw.client.company.companies.create({
      identifier: 'NW-4',
      name: 'Tailspin Toys',
      status: { id: 1 },
      types: [{ id: world.ids.customerType }],
      addressLine1: '9 Dock Street',
      city: 'Tampa',
      site: { name: 'Main' },
    } as never);
    await upsertAccount(world.store, 'NW-4', { name: 'Tailspin Toys' });
    await upsertContact(world.store, 'NW-4-kim', 'NW-4', { firstName: 'Kim', lastName: 'Ito' });
    const writesBefore = await writesTo();

    const plan = await dryRun({ modules: ['contacts'], directions: ['push'] });

    // the contact's account is planned because the contact waits for it; once linked, the contact is pushed
    expect(entryOf(plan, 'push', 'accounts', 'NW-4')).toMatchObject({ action: 'link', target: existing.id });
    expect(entryOf(plan, 'push', 'contacts', 'NW-4-kim')).toMatchObject({
      action: 'create',
      writes: [
        {
          method: 'POST',
          path: 'company/contacts',
          body: expect.objectContaining({ firstName: 'Kim', company: { id: existing.id } }),
        },
      ],
    });
    expect(await writesTo()).toBe(writesBefore);
  });

  it('pull: lists the ConnectWise companies and contacts it would create in the BSS, writing nothing', async () => {
    const company = await world.cw.client.company.companies.create({
      identifier: 'CW-ONLY',
      name: 'Wingtip Toys',
      status: { id: 1 },
      types: [{ id: world.ids.customerType }],
      addressLine1: '9 Dock Street',
      city: 'Tampa',
      site: { name: 'Main' },
    } as never);
    const contact = await world.cw.client.company.contacts.create({
      firstName: 'Lou',
      lastName: 'Park',
      company: { id: company.id },
    } as never);
    const before = await snapshotDatabase(world.database.db);
    const writesBefore = await writesTo();

    const plan = await dryRun({ directions: ['pull'] });

    expect(entryOf(plan, 'pull', 'accounts', String(company.id))).toMatchObject({
      action: 'create',
      target: 'CW-ONLY',
      writes: [
        {
          to: 'bss',
          method: 'create',
          entity: 'accounts',
          id: 'CW-ONLY',
          fields: expect.objectContaining({ name: 'Wingtip Toys' }),
        },
      ],
    });
    expect(entryOf(plan, 'pull', 'contacts', String(contact.id))).toMatchObject({
      action: 'waiting',
      message: `waits for accounts ConnectWise #${company.id} (would be created)`,
    });
    // what cwsync pushed is in step: nothing comes back
    const pushed = (
      await world.cw.client.company.companies.page({ conditions: where('identifier', '=', 'NW-1') })
    ).items[0]!;
    expect(entryOf(plan, 'pull', 'accounts', String(pushed.id)).action).toBe('unchanged');
    expect(await writesTo()).toBe(writesBefore);
    expect(await snapshotDatabase(world.database.db)).toEqual(before);
  });

  it('pull: reads what the next poll would, from the poll checkpoint', async () => {
    const older = await world.cw.client.company.companies.create({
      identifier: 'CW-OLD',
      name: 'Litware',
      status: { id: 1 },
      types: [{ id: world.ids.customerType }],
      addressLine1: '3 Dock Street',
      city: 'Tampa',
      site: { name: 'Main' },
    } as never);
    // a poll under way, stopped after `older`: the next one goes on after it
    await world.sync.state.setCursor(
      world.instanceId,
      pollCursorName('accounts'),
      JSON.stringify({ watermark: new Date().toISOString(), since: null, lastId: older.id }),
    );
    const newer = await world.cw.client.company.companies.create({
      identifier: 'CW-NEW',
      name: 'Proseware',
      status: { id: 1 },
      types: [{ id: world.ids.customerType }],
      addressLine1: '4 Dock Street',
      city: 'Tampa',
      site: { name: 'Main' },
    } as never);

    const plan = await dryRun({ modules: ['accounts'], directions: ['pull'] });

    expect(plan.entries.map((entry) => entry.id)).toEqual([String(newer.id)]);
    expect(plan.entries[0]).toMatchObject({ action: 'create', target: 'CW-NEW' });
  });

  it('names the module it does not know', async () => {
    await expect(dryRun({ modules: ['widgets'] })).rejects.toThrow(
      'module: "widgets" is not a module of the connector (it has accounts, contacts, products, orders, invoices, payments, subscriptions)',
    );
  });
});
