import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectWiseClient, type ConnectWiseClient } from '../../../src/connectwise/index.js';
import { createLogger } from '../../../src/logging/logger.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';

let sandbox: RunningSandbox;
let client: ConnectWiseClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'demo' });
  client = createConnectWiseClient({
    siteUrl: sandbox.url,
    ...sandbox.credentials,
    clientId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    logger: createLogger({ level: 'silent' }),
  });
});
afterAll(async () => {
  await client?.close();
  await sandbox?.stop();
});

const seed = (body: unknown) =>
  fetch(`${sandbox.url}/__sandbox/seed/companies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('admin: bulk seeding of companies', () => {
  it('refuses to copy before a company was made through the API', async () => {
    const response = await seed({ count: 2 });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining('no company to copy') });
  });

  it('copies the newest company and its first contact, each copy with its own identifier, bill-to and email', async () => {
    const template = (await client.company.companies.create({
      identifier: 'TEMPLATE',
      name: 'Template Ltd',
      status: { id: 1 },
      site: { name: 'Main' },
      city: 'Tampa',
      types: [{ id: 1 }],
    } as never)) as { id: number };
    await client.company.contacts.create({
      firstName: 'Ada',
      lastName: 'Template',
      company: { id: template.id },
      communicationItems: [{ type: { id: 1 }, value: 'ada@template.example', defaultFlag: true }],
    } as never);

    const response = await seed({ count: 3, contactsPerCompany: 2, identifierPrefix: 'BULK-' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ companies: 3, contacts: 6 });

    const companies: Array<Record<string, unknown>> = [];
    for await (const company of client.company.companies.list({ pageSize: 2 }))
      companies.push(company as never);
    expect(companies.map((company) => company.identifier)).toEqual([
      'TEMPLATE',
      'BULK-1',
      'BULK-2',
      'BULK-3',
    ]);
    companies.shift();
    const third = companies[2]!;
    expect(third).toMatchObject({
      name: 'Template Ltd 3',
      status: { id: 1, name: 'Active' },
      billToCompany: { id: third.id, identifier: 'BULK-3' },
    });
    const contacts: Array<Record<string, unknown>> = [];
    for await (const contact of client.company.contacts.list({}))
      if ((contact as { company?: { id?: unknown } }).company?.id === third.id)
        contacts.push(contact as never);
    expect(contacts).toHaveLength(2);
    expect(contacts[1]).toMatchObject({
      firstName: 'First2',
      lastName: 'Last3',
      company: { id: third.id, identifier: 'BULK-3' },
      communicationItems: [{ value: 'c2.3@seed.example' }],
    });
  });

  it('refuses a body that is not a count', async () => {
    const response = await seed({ count: 0, extra: true });
    expect(response.status).toBe(400);
  });
});
