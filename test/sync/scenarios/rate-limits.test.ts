// Scenario: ConnectWise rate-limits the initial push. The sandbox answers 429 with Retry-After to every call
// beyond 50 a second (ConnectWise's limit is per API member, shared with whatever else uses it) while 50 accounts
// and their primary contacts are pushed (about 190 calls): every record ends in step, nothing is made twice, the
// report stays empty, and no request goes out while a Retry-After is running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/database.js';
import { startSyncWorld, type SyncWorld } from '../../support/sync-world.js';
import { allCompanies, allContacts, duplicatesOf, linkOf } from './support/connectwise-side.js';
import { createRecordingDispatcher, type RecordingDispatcher } from './support/recording-dispatcher.js';

const api = { origin: 'api' as const };
const accounts = 50;
const callsPerSecond = 50;

describe.each(databaseTargets())('a push rate-limited by ConnectWise, on $name', (target) => {
  let world: SyncWorld;
  let wire: RecordingDispatcher;
  beforeAll(async () => {
    wire = createRecordingDispatcher();
    world = await startSyncWorld(target, { clientOptions: { dispatcher: wire.dispatcher } });
    for (let index = 1; index <= accounts; index += 1) {
      const id = `RL-${index}`;
      await world.store.upsert(
        'accounts',
        id,
        {
          name: `Rate Limited ${index}`,
          type: { id: 'customer' },
          addresses: [{ address1: `${index} Quay`, city: 'Tampa', countryCode: 'US', isBilling: true }],
        },
        api,
      );
      await world.store.upsert(
        'contacts',
        `${id}-Ada`,
        { account: { id }, firstName: 'Ada', lastName: `Limit${index}`, email: `ada.${index}@rl.example` },
        api,
      );
      await world.store.update('accounts', id, { primaryContact: { id: `${id}-Ada` } }, api);
    }
    await world.cw.setFaults({ rateLimit: { limit: callsPerSecond, windowSeconds: 1 } });
    // Another integration on the same API member has just used most of this second's calls.
    for (let call = 0; call < callsPerSecond - 5; call += 1) await world.cw.client.company.companies.count();
    await world.drain({ timeoutMs: 60_000 });
    await world.cw.setFaults({ rateLimit: null });
  }, 90_000);
  afterAll(async () => {
    await world?.stop();
    await wire?.close();
  });

  it('was rate limited, and each 429 was retried rather than failed', async () => {
    const { counters } = (await world.sync.runtimes.get(world.instanceId)).connection.stats();
    const answered429 = wire.exchanges.filter((exchange) => exchange.status === 429);
    expect(answered429.length).toBeGreaterThan(0);
    expect(counters.rateLimited).toBe(answered429.length);
    expect(counters.retries).toBeGreaterThanOrEqual(counters.rateLimited);
    expect(answered429.every((exchange) => exchange.retryAfter === '1')).toBe(true);
    const sandbox429 = (await world.calls()).endpoints.reduce(
      (sum, endpoint) => sum + ((endpoint as { statuses?: Record<string, number> }).statuses?.['429'] ?? 0),
      0,
    );
    expect(sandbox429).toBe(answered429.length);
  });

  it('sent nothing while a Retry-After was running, so the 429s stayed few', async () => {
    const pauses = wire.exchanges
      .filter((exchange) => exchange.status === 429)
      .map((exchange) => ({
        from: exchange.answeredAt! + 50,
        until: exchange.answeredAt! + Number(exchange.retryAfter) * 1000 - 50,
      }));
    const sentDuringAPause = wire.exchanges.filter((exchange) =>
      pauses.some((pause) => exchange.sentAt > pause.from && exchange.sentAt < pause.until),
    );
    expect(sentDuringAPause).toEqual([]);
    // Each exhausted window costs the requests that were already in flight (≤ 8), never a retry storm.
    const windows = new Set(pauses.map((pause) => Math.floor(pause.from / 1000))).size;
    const answered429 = wire.exchanges.filter((exchange) => exchange.status === 429).length;
    expect(answered429).toBeLessThanOrEqual(windows * 8);
  });

  it('made exactly one company per account and one contact per contact, each linked and complete', async () => {
    const companies = (await allCompanies(world)).filter((company) => company.identifier.startsWith('RL-'));
    expect(duplicatesOf(companies.map((company) => company.identifier))).toEqual([]);
    expect(companies).toHaveLength(accounts);
    const contacts = (await allContacts(world)).filter((contact) => contact.lastName?.startsWith('Limit'));
    expect(
      duplicatesOf(
        contacts.map((contact) => `${contact.company?.id}/${contact.firstName} ${contact.lastName}`),
      ),
    ).toEqual([]);
    expect(contacts).toHaveLength(accounts);
    const contactIds = new Set(contacts.map((contact) => contact.id));
    for (const company of companies) {
      const index = company.identifier.slice('RL-'.length);
      expect(await linkOf(world, 'accounts', company.identifier)).toMatchObject({
        connectwiseId: company.id,
      });
      const ada = await linkOf(world, 'contacts', `${company.identifier}-Ada`);
      expect(contactIds.has(ada!.connectwiseId)).toBe(true);
      expect(company).toMatchObject({
        name: `Rate Limited ${index}`,
        billToCompany: { id: company.id },
        defaultContact: { id: ada!.connectwiseId },
      });
    }
  });

  it('leaves nothing in the report and no job failed', async () => {
    expect((await world.sync.reports.list({ instanceId: world.instanceId })).entries).toEqual([]);
    expect(await world.queue.failed()).toEqual([]);
  });
});
