// Scenario: companies entered in ConnectWise by hand differ from the BSS only in case and trailing spaces, which
// ConnectWise's SQL Server ignores when it compares text. The match index (which answers the match rules from
// memory) finds them as ConnectWise would, so they are never duplicated: the one found by identifier is linked, the
// one found by name (its identifier another) goes to a person. Over real HTTP against the sandbox, on SQLite and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { allCompanies, linkOf } from './support/connectwise-side.js';
import { upsertAccount } from '../../support/sync-records.js';

describe.each(databaseTargets())('matching text as ConnectWise compares it on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  it('finds companies whose name or identifier differs in case and trailing spaces ("ACME Ltd  " is "acme ltd")', async () => {
    const acme = (await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'ACME-CW',
      name: 'ACME Ltd  ',
      city: 'Tampa',
    })) as { id: number };
    const initech = (await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: 'MC-2  ',
      name: 'Initech (entered by hand)',
      city: 'Tampa',
    })) as { id: number };
    await upsertAccount(world.store, 'MC-1', { name: 'acme ltd' });
    await upsertAccount(world.store, 'mc-2', { name: 'Initech' });
    await world.drain();
    // found by name, its identifier another: for a person to link (name-match-review.test.ts)
    const entries = (await world.sync.reports.list({ instanceId: world.instanceId, module: 'accounts' }))
      .entries;
    expect(entries.find((entry) => entry.recordId === 'MC-1')).toMatchObject({
      outcome: 'review',
      candidates: [acme.id],
    });
    expect(await linkOf(world, 'accounts', 'mc-2')).toMatchObject({ connectwiseId: initech.id });
    const companies = await allCompanies(world);
    expect(companies.filter((company) => /acme ltd/i.test(company.name))).toHaveLength(1);
    expect(companies.filter((company) => /^mc-2 *$/i.test(company.identifier))).toHaveLength(1);
  });
});
