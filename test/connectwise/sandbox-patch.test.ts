import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectWiseError } from '../../src/connectwise/index.js';
import { startSandboxWithClient } from './support/sandbox.js';
import type { SandboxWithClient } from './support/sandbox.js';

let world: SandboxWithClient;
beforeAll(async () => {
  world = await startSandboxWithClient({ seed: 'demo' });
});
afterAll(async () => {
  await world.stop();
});

async function countPatchCalls(): Promise<unknown> {
  const calls = (await (await fetch(`${world.sandbox.url}/__sandbox/calls`)).json()) as {
    endpoints: Array<{ method: string; route: string; total: number }>;
  };
  return calls.endpoints
    .filter((entry) => entry.method === 'PATCH')
    .reduce((sum, entry) => sum + entry.total, 0);
}

describe('PATCH from a diff against the sandbox', () => {
  it('changes only the fields that differ, with references as {id} and custom fields whole', async () => {
    const { companies, companyStatuses } = world.client.company;
    const [active, inactive] = (await companyStatuses.page({ pageSize: 2, orderBy: 'id asc' })).items;
    const before = await companies.create({
      identifier: 'DIFF1',
      name: 'Diff One',
      city: 'Tampa',
      site: { name: 'Main' },
      website: 'diff.example',
      status: { id: active!.id },
    });
    const after = await companies.patchFromDiff(before.id, before, {
      identifier: 'DIFF1',
      name: 'Diff One Renamed',
      city: 'Tampa',
      website: null,
      zip: '33601',
      status: { id: inactive!.id, name: 'ignored, references go as id only' },
      customFields: [{ id: 1, value: 'SUB-42' }],
    });
    expect(after).toMatchObject({
      name: 'Diff One Renamed',
      zip: '33601',
      city: 'Tampa',
      status: { id: inactive!.id, name: inactive!.name },
    });
    expect(after.website ?? null).toBeNull();
    expect(after.customFields?.find((field) => field.id === 1)?.value).toBe('SUB-42');
    const reread = await companies.get(before.id);
    expect(reread).toMatchObject({ name: 'Diff One Renamed', zip: '33601' });
  });

  it('sends no request when nothing differs', async () => {
    const company = await world.client.company.companies.create({
      identifier: 'DIFF2',
      name: 'Same',
      city: 'Tampa',
      site: { name: 'Main' },
    });
    const patchesBefore = await countPatchCalls();
    const result = await world.client.company.companies.patchFromDiff(company.id, company, {
      name: 'Same',
      city: 'Tampa',
    });
    expect(result).toBe(company);
    expect(await countPatchCalls()).toBe(patchesBefore);
  });

  it("applies pointer paths into a contact's communication items", async () => {
    const { contacts } = world.client.company;
    const contact = await contacts.create({
      firstName: 'Grace',
      lastName: 'Hopper',
      communicationItems: [
        { type: { id: 1 }, value: 'grace@example.com', communicationType: 'Email', defaultFlag: true },
      ],
    });
    const patched = await contacts.patch(contact.id, [
      { op: 'replace', path: '/communicationItems/0/value', value: 'grace@navy.example' },
      {
        op: 'add',
        path: '/communicationItems/-',
        value: { type: { id: 2 }, value: '+1 555 0100', communicationType: 'Phone' },
      },
    ]);
    expect(patched.communicationItems?.map((item) => item.value)).toEqual([
      'grace@navy.example',
      '+1 555 0100',
    ]);
    expect(patched.communicationItems?.[0]?.id).toBe(contact.communicationItems?.[0]?.id);
  });

  it('a patch ConnectWise rejects names the record and field', async () => {
    const company = await world.client.company.companies.create({
      identifier: 'DIFF3',
      name: 'Valid',
      city: 'Tampa',
      site: { name: 'Main' },
    });
    const error = (await world.client.company.companies
      .patchFromDiff(company.id, company, { identifier: 'A-VERY-LONG-IDENTIFIER-XYZ' }, { label: 'DIFF3' })
      .catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error.describe()).toMatch(/^ConnectWise rejected company 'DIFF3': identifier — /);
  });
});
