// The findOrCreateAgreement pre-synchronization action against the sandbox: one agreement per company and
// agreement type, however many subscriptions ask for it at once, in one process or several.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConnectWiseActions,
  createConnectWiseGateway,
} from '../../../src/connectors/connectwise/index.js';
import type { ConnectWiseGateway } from '../../../src/engine/index.js';
import { startSandboxWithClient, type SandboxWithClient } from '../../connectwise/support/sandbox.js';

type Row = Record<string, unknown> & { id: number };
/** What one process's instance runtime keeps: its registry's agreements found and in flight. */
const inProcess = () => createConnectWiseActions().findOrCreateAgreement!;
const findOrCreateAgreement = inProcess();

/** A gateway that counts agreement creates and holds each first agreement lookup until `held` have been made. */
function countingGateway(inner: ConnectWiseGateway, barrier?: { held: number; release: Promise<void> }) {
  const counts = { creates: 0, lookups: 0 };
  let first = true;
  const gateway: ConnectWiseGateway = {
    async findMatching(resource, conditions) {
      const found = await inner.findMatching(resource, conditions);
      if (resource === 'finance/agreements') {
        counts.lookups += 1;
        if (barrier && first) {
          first = false;
          barrier.held -= 1;
          await barrier.release;
        }
      }
      return found;
    },
    async create(resource, body) {
      if (resource === 'finance/agreements') counts.creates += 1;
      return inner.create(resource, body);
    },
    update: (resource, id, changes) => inner.update(resource, id, changes),
    remove: (resource, id) => inner.remove!(resource, id),
  };
  return { gateway, counts };
}

describe('findOrCreateAgreement', () => {
  let cw: SandboxWithClient;
  const ids = { company: 0, bareCompany: 0, contact: 0, monthly: 0, annual: 0 };
  const agreementsOf = async (company: number) =>
    (await cw.client.resource<Row>('finance/agreements').page({ pageSize: 100 })).items.filter(
      (agreement) => (agreement.company as Row).id === company,
    );
  beforeAll(async () => {
    cw = await startSandboxWithClient({ seed: 'demo' });
    const companies = cw.client.resource<Row>('company/companies');
    ids.company = (
      await companies.create({
        identifier: 'AG1',
        name: 'Agreements Ltd',
        city: 'Tampa',
        site: { name: 'Main' },
      })
    ).id;
    ids.bareCompany = (
      await companies.create({
        identifier: 'AG2',
        name: 'No Contact Ltd',
        city: 'Tampa',
        site: { name: 'Main' },
      })
    ).id;
    ids.contact = (
      await cw.client
        .resource<Row>('company/contacts')
        .create({ firstName: 'Ann', company: { id: ids.company } })
    ).id;
    await companies.patch(ids.company, [
      { op: 'replace', path: 'defaultContact', value: { id: ids.contact } },
    ]);
    const types = (await cw.client.resource<Row>('finance/agreements/types').page({ pageSize: 100 })).items;
    ids.monthly = types.find((type) => type.name === 'Subscriptions Monthly')!.id;
    ids.annual = types.find((type) => type.name === 'Subscriptions Annual')!.id;
  });
  afterAll(() => cw.stop());

  it("creates the agreement once with the company's default contact, then finds it", async () => {
    const { gateway, counts } = countingGateway(createConnectWiseGateway(cw.client));
    const input = { company: ids.company, type: ids.monthly, name: 'Agreements Ltd subscriptions' };
    const [first, second] = await Promise.all([
      findOrCreateAgreement(input, gateway),
      findOrCreateAgreement(input, gateway),
    ]);
    expect(second).toBe(first);
    expect(await findOrCreateAgreement(input, gateway)).toBe(first);
    expect(counts.creates).toBe(1);
    const [agreement] = await agreementsOf(ids.company);
    expect(agreement).toMatchObject({
      id: first,
      name: 'Agreements Ltd subscriptions',
      type: { id: ids.monthly },
      contact: { id: ids.contact },
    });
  });

  it('two processes creating the same agreement at once keep the older one, and the newer is removed', async () => {
    let release!: () => void;
    const barrier = { held: 2, release: new Promise<void>((resolve) => (release = resolve)) };
    const one = countingGateway(createConnectWiseGateway(cw.client), barrier);
    const two = countingGateway(createConnectWiseGateway(cw.client), barrier);
    const input = { company: ids.company, type: ids.annual, name: 'Annual' };
    const both = Promise.all([inProcess()(input, one.gateway), inProcess()(input, two.gateway)]);
    // both have looked and found nothing before either creates
    while (barrier.held > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    const [first, second] = await both;
    expect(one.counts.creates + two.counts.creates).toBe(2);
    expect(second).toBe(first);
    const annual = (await agreementsOf(ids.company)).filter(
      (agreement) => (agreement.type as Row).id === ids.annual,
    );
    expect(annual.map((agreement) => agreement.id)).toEqual([first]);
  });

  it('answers the agreement a linked addition is in without a call', async () => {
    const { gateway, counts } = countingGateway(createConnectWiseGateway(cw.client));
    expect(
      await findOrCreateAgreement({ current: 4242, company: ids.company, type: ids.monthly }, gateway),
    ).toBe(4242);
    expect(counts).toEqual({ creates: 0, lookups: 0 });
  });

  it('a company without a default contact, and no contact given, is an error naming the primary contact', async () => {
    const { gateway } = countingGateway(createConnectWiseGateway(cw.client));
    await expect(
      findOrCreateAgreement({ company: ids.bareCompany, type: ids.monthly, name: 'x' }, gateway),
    ).rejects.toThrow(/primary contact/);
    const created = await findOrCreateAgreement(
      { company: ids.bareCompany, type: ids.monthly, name: 'x', contact: ids.contact },
      gateway,
    );
    expect((await agreementsOf(ids.bareCompany)).map((agreement) => agreement.id)).toEqual([created]);
  });
});
