import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectWiseError, where } from '../../src/connectwise/index.js';
import { startSandboxWithClient } from './support/sandbox.js';
import type { SandboxWithClient } from './support/sandbox.js';

let world: SandboxWithClient;
beforeAll(async () => {
  world = await startSandboxWithClient();
});
afterAll(async () => {
  await world.stop();
});

describe('companies against the sandbox', () => {
  it('are created, read, found, counted, replaced, patched and deleted', async () => {
    const { companies, companyStatuses } = world.client.company;
    const active = await companyStatuses.create({ name: 'Active', defaultFlag: true });
    const created = await companies.create({
      identifier: 'CRUD1',
      name: 'Crud One',
      city: 'Tampa',
      site: { name: 'Main' },
      status: { id: active.id },
    });
    expect(created).toMatchObject({
      identifier: 'CRUD1',
      name: 'Crud One',
      status: { id: active.id, name: 'Active' },
    });
    expect(created._info?.lastUpdated).toMatch(/Z$/);

    await expect(companies.get(created.id)).resolves.toMatchObject({ id: created.id, identifier: 'CRUD1' });
    expect(await companies.count({ conditions: where('identifier', '=', 'CRUD1') })).toBe(1);

    const replaced = await companies.replace(created.id, {
      identifier: 'CRUD1',
      name: 'Crud Replaced',
      zip: '33601',
      site: { name: 'Main' },
    });
    expect(replaced).toMatchObject({ name: 'Crud Replaced', zip: '33601' });
    expect(replaced.city).toBeUndefined();

    const patched = await companies.patch(created.id, [
      { op: 'replace', path: 'name', value: 'Crud Patched' },
    ]);
    expect(patched.name).toBe('Crud Patched');

    await companies.delete(created.id);
    await expect(companies.find(created.id)).resolves.toBeUndefined();
    const error = (await companies.get(created.id).catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({
      kind: 'not-found',
      status: 404,
      code: 'NotFound',
      context: { resource: 'company', recordId: created.id },
    });
  });

  it('surface a too-long identifier as a validation error naming the record, field and rule', async () => {
    const error = (await world.client.company.companies
      .create({
        identifier: 'IDENTIFIER-WAY-TOO-LONG-26',
        name: 'Too long',
        city: 'Tampa',
        site: { name: 'Main' },
      })
      .catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error).toMatchObject({ kind: 'validation', status: 400, code: 'InvalidObject', retryable: false });
    expect(error.errors[0]).toMatchObject({ field: 'identifier', resource: 'company' });
    expect(error.describe()).toMatch(
      /^ConnectWise rejected company 'IDENTIFIER-WAY-TOO-LONG-26': identifier — .*25.* \(\w+\)$/,
    );
  });

  it('surface a duplicate identifier as ObjectExists, not retried', async () => {
    await world.client.company.companies.create({
      identifier: 'DUP1',
      name: 'Dup',
      city: 'Tampa',
      site: { name: 'Main' },
    });
    const before = world.client.stats().counters.requests;
    const error = (await world.client.company.companies
      .create({ identifier: 'dup1', name: 'Dup again', city: 'Tampa', site: { name: 'Main' } })
      .catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error.hasFieldError('ObjectExists', 'identifier')).toBe(true);
    expect(error.hasFieldError('ObjectExists', 'name')).toBe(false);
    expect(error.outcomeUnknown).toBe(false);
    expect(world.client.stats().counters.requests - before).toBe(1);
  });
});

describe('nested resources against the sandbox', () => {
  it('sites of a company and the company a contact belongs to', async () => {
    const company = await world.client.company.companies.create({
      identifier: 'NEST1',
      name: 'Nest',
      city: 'Tampa',
      site: { name: 'Main' },
    });
    const sites = world.client.company.sitesOf(company.id);
    const site = await sites.create({ name: 'Branch', city: 'Tampa', primaryAddressFlag: true });
    // the company's own site, created with it, comes first
    expect((await sites.page()).items.map((entry) => entry.id)).toEqual([company.site?.id, site.id]);
    const contact = await world.client.company.contacts.create({
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: { id: company.id },
    });
    expect(contact.company).toMatchObject({ id: company.id, identifier: 'NEST1' });
    const error = (await world.client.company.contacts
      .create({ lastName: 'NoFirstName' })
      .catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error.describe()).toMatch(/^ConnectWise rejected contact 'NoFirstName': firstName — /);
  });

  it('the generic resource() reaches endpoints without a typed accessor', async () => {
    const unitOfMeasures = world.client.resource<{ id: number; name: string }>(
      'procurement/unitOfMeasures',
      'unit of measure',
    );
    const created = await unitOfMeasures.create({ name: 'Each' });
    await expect(unitOfMeasures.get(created.id)).resolves.toMatchObject({ name: 'Each' });
  });
});
