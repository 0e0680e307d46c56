// Scenario: creates whose outcome is unknown. ConnectWise stores a company, then its answer is lost (or it answers
// 500 "A timeout has occured"): the retry looks before it creates, so each BSS record ends linked to exactly one
// ConnectWise record. Over real HTTP against the sandbox, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectWiseError, where } from '../../../src/connectwise/index.js';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import {
  allCompanies,
  callsTo,
  companiesIdentifiedAs,
  contactsOfCompany,
  duplicatesOf,
  linkOf,
} from './support/connectwise-side.js';
import { upsertAccount } from '../../support/sync-records.js';

const api = { origin: 'api' as const };

describe.each(databaseTargets())('creates whose answer is lost, on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(() => world?.stop());

  it('the sandbox stores a create and then loses its answer: the client is told the outcome is unknown', async () => {
    await world.cw.setFaults({ lostCreateAnswerRate: 1 });
    const error = await world.cw.client.company.companies
      .create({ identifier: 'PROBE-1', name: 'Probe One', city: 'Tampa', site: { name: 'Main' } })
      .catch((caught: unknown) => caught);
    await world.cw.setFaults({ lostCreateAnswerRate: 0 });
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true, attempts: 1 });
    const stored = await world.cw.client.company.companies.count({
      conditions: where('identifier', '=', 'PROBE-1'),
    });
    expect(stored).toBe(1);
    expect((await callsTo(world, 'POST', 'company/companies')).statuses).toMatchObject({ 'answer-lost': 1 });
  });

  it('an account whose create answer is lost ends linked to the one company made, with nothing in the report', async () => {
    const before = await callsTo(world, 'POST', 'company/companies');
    await world.cw.setFaults({ lostCreateAnswerRate: 1 });
    await upsertAccount(world.store, 'TL-1', { name: 'Lost Answer Ltd', phone: '+1 813 555 0101' });
    await world.drain();
    await world.cw.setFaults({ lostCreateAnswerRate: 0 });

    const companies = await companiesIdentifiedAs(world, 'TL-1');
    expect(companies).toHaveLength(1);
    const company = companies[0]!;
    const after = await callsTo(world, 'POST', 'company/companies');
    // sent once, stored once, its answer lost; the retry found it instead of sending it again
    expect(after.total - before.total).toBe(1);
    expect((after.statuses['answer-lost'] ?? 0) - (before.statuses['answer-lost'] ?? 0)).toBe(1);
    expect(await linkOf(world, 'accounts', 'TL-1')).toMatchObject({ connectwiseId: company.id });
    expect((await world.store.get('accounts', 'TL-1'))?.integrationIds).toEqual({
      sandbox: String(company.id),
    });
    // linked by looking, the company is still complete: its own bill-to, as the mapping says
    expect(company).toMatchObject({ name: 'Lost Answer Ltd', phoneNumber: '+1 813 555 0101', state: 'FL' });
    expect((await companiesIdentifiedAs(world, 'TL-1'))[0]).toMatchObject({
      billToCompany: { id: company.id },
    });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    const runtime = await world.sync.runtimes.get(world.instanceId);
    expect(runtime.connection.stats().counters.outcomeUnknown).toBeGreaterThanOrEqual(1);
  });

  it('an account and its contacts, every create answer lost: one company, one contact each, all linked', async () => {
    await world.cw.setFaults({ lostCreateAnswerRate: 1 });
    await upsertAccount(world.store, 'TL-2', { name: 'Every Answer Lost Inc' });
    for (const [id, firstName] of [
      ['TL-2-ann', 'Ann'],
      ['TL-2-bob', 'Bob'],
    ] as const) {
      await world.store.upsert(
        'contacts',
        id,
        {
          account: { id: 'TL-2' },
          firstName,
          lastName: 'Lost',
          email: `${firstName.toLowerCase()}@lost.example`,
        },
        api,
      );
    }
    await world.store.update('accounts', 'TL-2', { primaryContact: { id: 'TL-2-ann' } }, api);
    await world.drain();
    await world.cw.setFaults({ lostCreateAnswerRate: 0 });

    const [company, ...more] = await companiesIdentifiedAs(world, 'TL-2');
    expect(more).toEqual([]);
    const contacts = await contactsOfCompany(world, company!.id);
    expect(contacts.map((contact) => contact.firstName).sort()).toEqual(['Ann', 'Bob']);
    const ann = contacts.find((contact) => contact.firstName === 'Ann')!;
    expect(await linkOf(world, 'contacts', 'TL-2-ann')).toMatchObject({ connectwiseId: ann.id });
    expect(await linkOf(world, 'contacts', 'TL-2-bob')).toMatchObject({
      connectwiseId: contacts.find((contact) => contact.firstName === 'Bob')!.id,
    });
    expect((await companiesIdentifiedAs(world, 'TL-2'))[0]).toMatchObject({ defaultContact: { id: ann.id } });
    expect((await callsTo(world, 'POST', 'company/contacts')).statuses).toMatchObject({ 'answer-lost': 2 });
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });

  it('ConnectWise answering 500 "A timeout has occured" to a third of all calls: ten accounts, ten companies', async () => {
    await world.cw.setFaults({ timeoutErrorRate: 0.33, seed: 4 });
    for (let index = 1; index <= 10; index += 1) {
      await upsertAccount(world.store, `TO-${index}`, { name: `Timeout Prone ${index}` });
    }
    await world.drain();
    await world.cw.setFaults({ timeoutErrorRate: 0 });
    const timeouts = (await callsTo(world, 'POST', 'company/companies')).statuses['500'] ?? 0;
    expect(timeouts).toBeGreaterThan(0);

    const companies = (await allCompanies(world)).filter((company) => company.identifier.startsWith('TO-'));
    expect(duplicatesOf(companies.map((company) => company.identifier))).toEqual([]);
    expect(companies).toHaveLength(10);
    for (const company of companies) {
      expect(await linkOf(world, 'accounts', company.identifier)).toMatchObject({
        connectwiseId: company.id,
      });
    }
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
  });
});
