// Reconciliation through the API, against the sandbox over HTTP, on both databases: a run started by POST answers
// at once and is read until finished; drift made in the sandbox and in the BSS is listed by field and kind, a
// record gone from the BSS as missing; pushing this side and pulling that side, per record and per group, puts
// the other side in step, and a new run finds none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import type { ReconcileRun } from '../../src/reconcile/index.js';
import { startConnectorApi, type ConnectorApi } from '../support/connector-api.js';
import { databaseTargets } from '../support/database.js';
import { startSyncWorld, type SyncWorld } from '../support/sync-world.js';
import { upsertAccount, upsertContact } from '../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('reconciliation routes on $name', (target) => {
  let world: SyncWorld;
  let server: ConnectorApi;
  beforeAll(async () => {
    world = await startSyncWorld(target);
    server = await startConnectorApi(world);
    for (const id of ['AP-1', 'AP-2', 'AP-3']) {
      await upsertAccount(world.store, id, { name: `Api ${id}` });
    }
    await upsertContact(world.store, 'AP-1-kim', 'AP-1', {
      firstName: 'Kim',
      lastName: 'Park',
      email: 'kim@ap1.example',
    });
    await world.drain();
  });
  afterAll(async () => {
    await server?.close();
    await world?.stop();
  });

  const companyOf = async (identifier: string) =>
    (await world.cw.client.company.companies.page({ conditions: where('identifier', '=', identifier) }))
      .items[0];
  const reconcile = async (body: object = {}): Promise<ReconcileRun> => {
    const started = await server.call({
      method: 'POST',
      url: '/api/v1/instances/Sandbox/reconcile',
      payload: body,
    });
    expect(started.statusCode, started.body).toBe(202);
    let run = started.json() as ReconcileRun;
    expect(run.status).toBe('running');
    for (let tries = 0; run.status === 'running' && tries < 200; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      run = (
        await server.call({ method: 'GET', url: `/api/v1/instances/sandbox/reconcile/${run.id}` })
      ).json();
    }
    expect(run.status, run.error).toBe('finished');
    return run;
  };
  const resolve = async (runId: string, body: object) => {
    const response = await server.call({
      method: 'POST',
      url: `/api/v1/instances/sandbox/reconcile/${runId}/resolve`,
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(202);
    await world.drain();
    return response.json() as { queued: unknown[]; refused: unknown[] };
  };

  it('lists drift made on each side and resolves it both ways until none is left', async () => {
    const first = await reconcile();
    expect(first.result!.drift).toEqual([]);
    expect(first.result!.modules.map((tally) => [tally.module, tally.linked])).toEqual(
      expect.arrayContaining([
        ['accounts', 3],
        ['contacts', 1],
      ]),
    );

    const ap1 = await companyOf('AP-1');
    await world.cw.client.company.companies.patch(ap1!.id, [
      { op: 'replace', path: 'name', value: 'Renamed in ConnectWise' },
    ]);
    await world.store.update('contacts', 'AP-1-kim', { lastName: 'Park-Lee' }, api);
    // A BSS record lost outside the API (an older backup restored): its link remains.
    await world.database.db
      .deleteFrom('bss_records')
      .where('entity', '=', 'accounts')
      .where('id', '=', 'AP-2')
      .execute();
    await world.database.db
      .deleteFrom('bss_record_keys')
      .where('entity', '=', 'accounts')
      .where('record_id', '=', 'AP-2')
      .execute();

    const run = await reconcile();
    const drift = run.result!.drift;
    expect(drift).toHaveLength(3);
    expect(drift.find((record) => record.recordId === 'AP-1')).toMatchObject({
      module: 'accounts',
      connectwiseId: ap1!.id,
      fields: [
        { field: 'name', kind: 'connectwise', bss: 'Api AP-1', connectwise: 'Renamed in ConnectWise' },
      ],
      canPush: true,
      canPull: true,
    });
    expect(drift.find((record) => record.recordId === 'AP-1-kim')).toMatchObject({
      module: 'contacts',
      fields: [{ field: 'lastName', kind: 'bss', bss: 'Park-Lee', connectwise: 'Park' }],
    });
    expect(drift.find((record) => record.recordId === 'AP-2')).toMatchObject({
      missing: 'bss',
      canPush: false,
      canPull: true,
    });
    expect(run.result!.groups.map((group) => group.key).sort()).toEqual([
      'accounts|missing|bss',
      'accounts|name|connectwise',
      'contacts|lastName|bss',
    ]);
    const listed = await server.call({ method: 'GET', url: '/api/v1/instances/sandbox/reconcile' });
    expect((listed.json() as { items: ReconcileRun[] }).items[0]).toMatchObject({
      id: run.id,
      status: 'finished',
    });
    expect((listed.json() as { items: ReconcileRun[] }).items[0]!.result).toBeUndefined();

    // A record gone from the BSS cannot be pushed: refused, nothing queued.
    expect(await resolve(run.id, { side: 'bss', group: 'accounts|missing|bss' })).toEqual({
      queued: [],
      refused: [
        expect.objectContaining({
          recordId: 'AP-2',
          reason: expect.stringMatching(/deletes are not pushed/),
        }),
      ],
    });
    expect(
      await resolve(run.id, { side: 'connectwise', records: [{ module: 'accounts', recordId: 'AP-1' }] }),
    ).toMatchObject({
      queued: [{ module: 'accounts', recordId: 'AP-1', direction: 'pull', jobRecordId: String(ap1!.id) }],
    });
    expect((await world.store.get('accounts', 'AP-1'))?.name).toBe('Renamed in ConnectWise');
    await resolve(run.id, { side: 'bss', group: 'contacts|lastName|bss' });
    const kim = await world.cw.client.company.contacts.page({ conditions: where('firstName', '=', 'Kim') });
    expect(kim.items.map((contact) => contact.lastName)).toEqual(['Park-Lee']);
    await resolve(run.id, { side: 'connectwise', group: 'accounts|missing|bss' });
    expect(await world.store.get('accounts', 'AP-2')).toMatchObject({ name: 'Api AP-2' });

    const after = await reconcile();
    expect(after.result!.drift).toEqual([]);
    expect(after.result!.notCompared).toEqual([]);
  });

  it('answers 400 for a module it does not compare, 404 for an unknown run or a record not drifted', async () => {
    const bad = await server.call({
      method: 'POST',
      url: '/api/v1/instances/sandbox/reconcile',
      payload: { modules: ['planets'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([expect.objectContaining({ path: 'modules[0]', received: 'planets' })]);
    const unknown = await server.call({
      method: 'GET',
      url: '/api/v1/instances/sandbox/reconcile/00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    const run = await reconcile({ modules: ['accounts'] });
    expect(run.modules).toEqual(['accounts']);
    const notDrifted = await server.call({
      method: 'POST',
      url: `/api/v1/instances/sandbox/reconcile/${run.id}/resolve`,
      payload: { side: 'bss', records: [{ module: 'accounts', recordId: 'AP-3' }] },
    });
    expect(notDrifted.statusCode).toBe(404);
    expect(notDrifted.json()).toMatchObject({ error: 'not_drifted' });
    const both = await server.call({
      method: 'POST',
      url: `/api/v1/instances/sandbox/reconcile/${run.id}/resolve`,
      payload: { side: 'bss', group: 'accounts', records: [{ module: 'accounts', recordId: 'AP-3' }] },
    });
    expect(both.statusCode).toBe(400);
  });

  it("pulls that side only as the instance's sync options allow", async () => {
    const ap3 = await companyOf('AP-3');
    await world.cw.client.company.companies.patch(ap3!.id, [
      { op: 'replace', path: 'name', value: 'Renamed again in ConnectWise' },
    ]);
    const settings = (syncOptions: Record<string, boolean | null>) =>
      server.call({ method: 'PATCH', url: '/api/v1/instances/sandbox', payload: { syncOptions } });
    expect((await settings({ 'accounts.pull.update': false })).statusCode).toBe(200);
    const off = await reconcile({ modules: ['accounts'] });
    expect(off.result!.drift).toEqual([
      expect.objectContaining({ recordId: 'AP-3', canPush: true, canPull: false }),
    ]);
    expect(await resolve(off.id, { side: 'connectwise', group: 'accounts|name|connectwise' })).toEqual({
      queued: [],
      refused: [
        { module: 'accounts', recordId: 'AP-3', reason: 'the instance does not pull updates of accounts' },
      ],
    });
    expect((await world.store.get('accounts', 'AP-3'))?.name).toBe('Api AP-3');

    expect((await settings({ 'accounts.pull.update': null })).statusCode).toBe(200);
    const on = await reconcile({ modules: ['accounts'] });
    await resolve(on.id, { side: 'connectwise', group: 'accounts|name|connectwise' });
    expect((await world.store.get('accounts', 'AP-3'))?.name).toBe('Renamed again in ConnectWise');
    expect((await reconcile()).result!.drift).toEqual([]);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await server.call({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    expect(document.paths['/api/v1/instances/{id}/reconcile']?.post?.operationId).toBe(
      'start-reconciliation',
    );
    expect(document.paths['/api/v1/instances/{id}/reconcile/{runId}']?.get?.operationId).toBe(
      'get-reconciliation',
    );
    expect(document.paths['/api/v1/instances/{id}/reconcile/{runId}/resolve']?.post?.operationId).toBe(
      'resolve-reconciliation',
    );
  });
});
