// The connector report through the API: a failure shows, a lookup fixed and a resync put it in step, unlink
// and the record comparison; against the sandbox, on both databases.
import { describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { useConnectorApi, type ConnectorApi } from '../support/connector-api.js';
import { databaseTargets } from '../support/database.js';
import type { SyncWorld } from '../support/sync-world.js';
import { upsertAccount } from '../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('report routes on $name', (target) => {
  let world: SyncWorld;
  let server: ConnectorApi;
  useConnectorApi(target, (started) => ({ world, server } = started));

  const companyOf = async (accountId: string) => {
    const found = await world.cw.client.company.companies.page({
      conditions: where('identifier', '=', accountId),
    });
    return found.items[0] as unknown as (Record<string, unknown> & { id: number }) | undefined;
  };
  const report = async (query = 'instance=sandbox') => {
    const response = await server.call({ method: 'GET', url: `/api/v1/report?${query}` });
    expect(response.statusCode).toBe(200);
    return response.json() as {
      items: Array<Record<string, unknown>>;
      nextCursor: string | null;
    };
  };
  const writesOf = async () =>
    (await world.calls()).endpoints
      .filter((endpoint) => endpoint.method !== 'GET')
      .reduce((sum, endpoint) => sum + endpoint.total, 0);

  it('shows a failing record; mapping its lookup through the API and resyncing puts it in step', async () => {
    await world.store.upsert('account-types', 'reseller', { name: 'Reseller' }, api);
    await upsertAccount(world.store, 'RS-1', { name: 'Contoso Resale', type: { id: 'reseller' } });
    await world.drain();
    const { items } = await report();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      instanceId: 'sandbox',
      module: 'accounts',
      recordId: 'RS-1',
      direction: 'push',
      outcome: 'failed',
      field: 'accountType',
      attempts: 1,
    });
    expect(items[0]!.message).toMatch(/reseller.*AccountType/);

    const mapped = await server.call({
      method: 'PUT',
      url: '/api/v1/instances/sandbox/lookups/AccountType/reseller',
      payload: { integrationId: String(world.ids.customerType) },
    });
    expect(mapped.statusCode).toBe(201);
    const resync = await server.call({
      method: 'POST',
      url: '/api/v1/report/resync',
      payload: {
        instanceId: 'sandbox',
        items: [{ module: 'accounts', recordId: 'RS-1', direction: 'push' }],
      },
    });
    expect(resync.statusCode).toBe(202);
    expect(resync.json()).toEqual({
      queued: 1,
      items: [{ module: 'accounts', recordId: 'RS-1', direction: 'push' }],
    });
    await world.drain();
    expect((await report()).items).toEqual([]);
    expect(await companyOf('RS-1')).toMatchObject({ name: 'Contoso Resale' });
  });

  it('resyncs every failed record of an instance at once, and filters and pages the report', async () => {
    await world.store.upsert('account-types', 'wholesale', { name: 'Wholesale' }, api);
    for (const id of ['WS-1', 'WS-2', 'WS-3']) {
      await upsertAccount(world.store, id, { name: `Wholesale ${id}`, type: { id: 'wholesale' } });
    }
    await world.drain();
    expect((await report()).items.map((item) => item.recordId)).toEqual(['WS-1', 'WS-2', 'WS-3']);

    const first = await report('instance=Sandbox&module=accounts&direction=push&text=WHOLESALE&limit=2');
    expect(first.items.map((item) => item.recordId)).toEqual(['WS-1', 'WS-2']);
    const second = await report(`instance=sandbox&text=wholesale&limit=2&after=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ recordId: 'WS-3' })], nextCursor: null });
    expect((await report('instance=sandbox&direction=pull')).items).toEqual([]);
    expect((await report('instance=sandbox&module=contacts')).items).toEqual([]);
    expect((await report('instance=sandbox&text=no-such-text')).items).toEqual([]);

    const options = await server.call({
      method: 'GET',
      url: '/api/v1/instances/sandbox/lookup-options/AccountType',
    });
    const partnerType = options.json().items.find((option: { label: string }) => option.label !== 'Customer');
    expect(partnerType).toBeDefined();
    await server.call({
      method: 'PUT',
      url: '/api/v1/instances/sandbox/lookups/AccountType/wholesale',
      payload: { integrationId: partnerType.integrationId },
    });
    const resync = await server.call({
      method: 'POST',
      url: '/api/v1/report/resync',
      payload: { instanceId: 'sandbox', allFailed: true },
    });
    expect(resync.statusCode).toBe(202);
    expect(resync.json().queued).toBe(3);
    await world.drain();
    expect((await report()).items).toEqual([]);
    const company = await companyOf('WS-2');
    expect((company?.types as Array<{ id: number }>).map((type) => type.id)).toEqual([
      Number(partnerType.integrationId),
    ]);
  });

  it('refuses a bad report query or resync with the field and the rule', async () => {
    const badQuery = await server.call({
      method: 'GET',
      url: '/api/v1/report?direction=sideways&after=nope',
    });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().issues).toEqual([expect.objectContaining({ path: 'direction', rule: 'enum' })]);
    const badCursor = await server.call({ method: 'GET', url: '/api/v1/report?after=nope' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json()).toMatchObject({
      error: 'invalid_query',
      issues: [{ path: 'after', rule: 'cursor' }],
    });

    const both = await server.call({
      method: 'POST',
      url: '/api/v1/report/resync',
      payload: {
        instanceId: 'sandbox',
        allFailed: true,
        items: [{ module: 'accounts', recordId: 'x', direction: 'push' }],
      },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().issues).toEqual([expect.objectContaining({ path: '', rule: 'exactlyOne' })]);

    const targets = await server.call({
      method: 'POST',
      url: '/api/v1/report/resync',
      payload: {
        instanceId: 'sandbox',
        items: [
          { module: 'invoices-of-mars', recordId: '1', direction: 'push' },
          { module: 'contacts', recordId: 'CW-7', direction: 'pull' },
          { module: 'accounts', recordId: 'A', direction: 'upward' },
        ],
      },
    });
    expect(targets.statusCode).toBe(400);
    expect(
      targets.json().issues.map((issue: { path: string; rule: string }) => `${issue.path} ${issue.rule}`),
    ).toEqual(['items[2].direction enum']);
    const targetsAgain = await server.call({
      method: 'POST',
      url: '/api/v1/report/resync',
      payload: {
        instanceId: 'sandbox',
        items: [
          { module: 'invoices-of-mars', recordId: '1', direction: 'push' },
          { module: 'contacts', recordId: 'CW-7', direction: 'pull' },
        ],
      },
    });
    expect(
      targetsAgain
        .json()
        .issues.map((issue: { path: string; rule: string }) => `${issue.path} ${issue.rule}`),
    ).toEqual(['items[0].module knownModule', 'items[1].recordId connectwiseId']);

    const nowhere = await server.call({
      method: 'POST',
      url: '/api/v1/report/resync',
      payload: { instanceId: 'nowhere', allFailed: true },
    });
    expect(nowhere.statusCode).toBe(404);
  });

  it('unlink clears the link and the report row', async () => {
    await upsertAccount(world.store, 'UL-1', { name: 'Unlinked Ltd' });
    await world.drain();
    const company = await companyOf('UL-1');
    expect(company).toBeDefined();
    expect((await world.store.get('accounts', 'UL-1'))?.integrationIds).toMatchObject({
      sandbox: String(company!.id),
    });
    // A later change fails: the record is linked and in the report.
    await world.store.upsert('account-types', 'prospect', { name: 'Prospect' }, api);
    await world.store.update('accounts', 'UL-1', { type: { id: 'prospect' } }, api);
    await world.drain();
    expect((await report()).items).toEqual([expect.objectContaining({ recordId: 'UL-1', action: 'update' })]);

    const unlinked = await server.call({
      method: 'POST',
      url: '/api/v1/report/unlink',
      payload: { instanceId: 'sandbox', module: 'accounts', recordId: 'UL-1' },
    });
    expect(unlinked.statusCode).toBe(200);
    expect(unlinked.json()).toEqual({
      instanceId: 'sandbox',
      module: 'accounts',
      recordId: 'UL-1',
      integrationId: String(company!.id),
      removedReportRows: 1,
    });
    expect((await report()).items).toEqual([]);
    expect((await world.store.get('accounts', 'UL-1'))?.integrationIds ?? {}).not.toHaveProperty('sandbox');

    const again = await server.call({
      method: 'POST',
      url: '/api/v1/report/unlink',
      payload: { instanceId: 'sandbox', module: 'accounts', recordId: 'UL-1' },
    });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: 'not_linked' });
    const badModule = await server.call({
      method: 'POST',
      url: '/api/v1/report/unlink',
      payload: { instanceId: 'sandbox', module: 'planets', recordId: 'UL-1' },
    });
    expect(badModule.json().issues).toEqual([
      expect.objectContaining({ path: 'module', rule: 'knownModule' }),
    ]);
    // Back in step for the next test's world.
    await world.store.update('accounts', 'UL-1', { type: { id: 'customer' } }, api);
    await world.drain();
  });

  it('compares a record after a ConnectWise-side edit, field by field, without writing', async () => {
    await upsertAccount(world.store, 'CMP-1', { name: 'Compared Corp', phone: '+1 813 555 0100' });
    await world.drain();
    const company = (await companyOf('CMP-1'))!;
    await world.cw.client.company.companies.patch(company.id, [
      { op: 'replace', path: 'name', value: 'Compared Corp (edited in ConnectWise)' },
    ]);
    const writesBefore = await writesOf();
    const response = await server.call({
      method: 'GET',
      url: '/api/v1/records/accounts/CMP-1/comparison?instance=sandbox',
    });
    expect(response.statusCode).toBe(200);
    const comparison = response.json();
    expect(comparison).toMatchObject({
      instanceId: 'sandbox',
      module: 'accounts',
      recordId: 'CMP-1',
      connectwiseId: company.id,
      bss: { id: 'CMP-1', name: 'Compared Corp' },
      connectwise: { id: company.id, name: 'Compared Corp (edited in ConnectWise)' },
      preview: { outcome: 'unchanged', writes: [] },
      differences: 1,
    });
    const field = (name: string) =>
      comparison.fields.find((entry: { field: string }) => entry.field === name);
    expect(field('name')).toMatchObject({
      source: 'Name',
      mapped: 'Compared Corp',
      connectwise: 'Compared Corp (edited in ConnectWise)',
      lastPushed: 'Compared Corp',
      same: false,
    });
    expect(field('phoneNumber')).toMatchObject({ mapped: '+1 813 555 0100', same: true });
    expect(field('currency')).toMatchObject({ same: true });
    expect(await writesOf()).toBe(writesBefore);

    // A BSS-side change shows as the PATCH the push would make, still without making it.
    await world.store.update('accounts', 'CMP-1', { phone: '+1 813 555 0111' }, api);
    const changed = await server.call({
      method: 'GET',
      url: '/api/v1/records/accounts/CMP-1/comparison?instance=sandbox',
    });
    expect(changed.json().preview).toEqual({
      outcome: 'updated',
      writes: [
        {
          to: 'connectwise',
          method: 'PATCH',
          path: `company/companies/${company.id}`,
          operations: [{ op: 'replace', path: 'phoneNumber', value: '+1 813 555 0111' }],
        },
      ],
    });
    expect(changed.json().differences).toBe(2);
    expect(await writesOf()).toBe(writesBefore);
  });

  it('compares an unlinked record with the create it would make', async () => {
    await upsertAccount(world.store, 'NEW-1', { name: 'Brand New' });
    const fresh = await server.call({
      method: 'GET',
      url: '/api/v1/records/accounts/NEW-1/comparison?instance=sandbox',
    });
    const body = fresh.json();
    expect(body).toMatchObject({ connectwiseId: null, connectwise: null, preview: { outcome: 'created' } });
    expect(body.preview.writes[0]).toMatchObject({
      to: 'connectwise',
      method: 'POST',
      path: 'company/companies',
      body: { identifier: 'NEW-1', name: 'Brand New' },
    });
    expect(body.fields.find((entry: { field: string }) => entry.field === 'name')).toMatchObject({
      mapped: 'Brand New',
      connectwise: null,
      same: false,
    });
    expect(await companyOf('NEW-1')).toBeUndefined();

    const missing = await server.call({
      method: 'GET',
      url: '/api/v1/records/accounts/NO-SUCH/comparison?instance=sandbox',
    });
    expect(missing.statusCode).toBe(404);
    const noInstance = await server.call({
      method: 'GET',
      url: '/api/v1/records/accounts/NEW-1/comparison',
    });
    expect(noInstance.statusCode).toBe(400);
    expect(noInstance.json().issues).toEqual([
      expect.objectContaining({ path: 'instance', rule: 'required' }),
    ]);
    await world.drain();
  });
});
