// Scenario: a company found in ConnectWise by name whose identifier is not the account's id is never rewritten
// silently. By default it goes to the connector report as "matched by name, review" and a person links it in one
// step (POST /api/v1/report/link; `cwsync link`), which adopts it and rewrites its identifier; an instance whose
// server variable adoptNameMatches is "true" adopts such matches at once. Over real HTTP against the sandbox, on
// SQLite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import type { ReportEntry } from '../../../src/report/index.js';
import { useConnectorApi, type ConnectorApi } from '../../support/connector-api.js';
import { databaseTargets } from '../../support/database.js';
import type { SyncWorld } from '../../support/sync-world.js';
import { allCompanies, linkOf } from './support/connectwise-side.js';
import { upsertAccount } from '../../support/sync-records.js';

describe.each(databaseTargets())('a company matched by name, its identifier another, on $name', (target) => {
  let world: SyncWorld;
  let server: ConnectorApi;
  useConnectorApi(target, (started) => ({ world, server } = started));

  const entryOf = async (recordId: string): Promise<ReportEntry | undefined> =>
    (await world.sync.reports.list({ instanceId: world.instanceId, module: 'accounts' })).entries.find(
      (entry) => entry.recordId === recordId,
    );
  const companyNamed = async (identifier: string, name: string) =>
    (await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier,
      name,
      city: 'Tampa',
    })) as { id: number };
  const companiesCalled = async (name: string) =>
    (await allCompanies(world)).filter((company) => company.name.toLowerCase() === name.toLowerCase());
  const link = (payload: Record<string, unknown>) =>
    server.call({
      method: 'POST',
      url: '/api/v1/report/link',
      payload: { instanceId: 'sandbox', ...payload },
    });

  it('is reported for review, not linked or rewritten; linking it adopts it and rewrites its identifier', async () => {
    const stark = await companyNamed('STARK-CW', 'Stark Industries');
    const other = await companyNamed('OTHER-CW', 'Wayne Enterprises');
    await world.sync.runtimes.invalidate(world.instanceId); // the match index reads the companies made above
    await upsertAccount(world.store, 'NM-1', { name: 'Stark Industries' });
    await world.drain();
    const entry = await entryOf('NM-1');
    expect(entry).toMatchObject({
      outcome: 'review',
      field: 'identifier',
      candidates: [stark.id],
      message: expect.stringMatching(
        /^matched by name, review: ConnectWise company #\d+ "Stark Industries" has identifier "STARK-CW", not "NM-1"/,
      ),
    });
    expect(entry!.message).toContain(`cwsync link accounts NM-1 --instance sandbox --to ${stark.id}`);
    expect(await linkOf(world, 'accounts', 'NM-1')).toBeUndefined();
    expect(await companiesCalled('Stark Industries')).toMatchObject([
      { id: stark.id, identifier: 'STARK-CW' },
    ]);

    // Only the record the review found can be linked, and only a record under review.
    expect((await link({ module: 'accounts', recordId: 'NM-1', connectwiseId: other.id })).statusCode).toBe(
      409,
    );
    expect((await link({ module: 'accounts', recordId: 'NM-404' })).statusCode).toBe(404);

    const linked = await link({ module: 'accounts', recordId: 'NM-1' });
    expect(linked.statusCode).toBe(202);
    expect(linked.json()).toEqual({
      instanceId: 'sandbox',
      module: 'accounts',
      recordId: 'NM-1',
      connectwiseId: stark.id,
    });
    await world.drain();
    expect(await linkOf(world, 'accounts', 'NM-1')).toMatchObject({ connectwiseId: stark.id });
    expect(await companiesCalled('Stark Industries')).toMatchObject([{ id: stark.id, identifier: 'NM-1' }]);
    expect(await entryOf('NM-1')).toBeUndefined();
  });

  it('an instance that adopts name matches links such a company at once', async () => {
    const current = await world.instances.get(world.instanceId);
    await world.instances.update(world.instanceId, {
      serverVariables: { ...current!.serverVariables, adoptNameMatches: 'true' },
    });
    const oscorp = await companyNamed('OSCORP-CW', 'Oscorp');
    await world.sync.runtimes.invalidate(world.instanceId);
    await upsertAccount(world.store, 'NM-2', { name: 'Oscorp' });
    await world.drain();
    expect(await entryOf('NM-2')).toBeUndefined();
    expect(await linkOf(world, 'accounts', 'NM-2')).toMatchObject({ connectwiseId: oscorp.id });
    expect(await companiesCalled('Oscorp')).toMatchObject([{ id: oscorp.id, identifier: 'NM-2' }]);
  });
});
