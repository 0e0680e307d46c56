import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { where } from '../../src/connectwise/index.js';
import { collect, startSandboxWithClient } from './support/sandbox.js';
import type { SandboxWithClient } from './support/sandbox.js';

let world: SandboxWithClient;
const total = 23;
beforeAll(async () => {
  world = await startSandboxWithClient();
  for (let index = 0; index < total; index += 1) {
    const name = `Paged ${String(total - index).padStart(2, '0')}`; // names in reverse id order
    await world.client.company.companies.create({
      identifier: `P${index}`,
      name,
      city: 'Tampa',
      site: { name: 'Main' },
    });
  }
});
afterAll(async () => {
  await world.stop();
});

async function sandboxCalls(): Promise<Array<{ method: string; route: string; total: number }>> {
  const response = await fetch(`${world.sandbox.url}/__sandbox/calls`);
  return ((await response.json()) as { endpoints: Array<{ method: string; route: string; total: number }> })
    .endpoints;
}

async function listRequests(): Promise<number> {
  const endpoint = (await sandboxCalls()).find(
    (entry) => entry.method === 'GET' && /\/company\/companies$/.test(entry.route),
  );
  return endpoint?.total ?? 0;
}

describe('paging against the sandbox', () => {
  it('forward-only: follows pageId across more than two pages, each row once, in id order', async () => {
    const before = await listRequests();
    const companies = await collect(world.client.company.companies.list({ pageSize: 5 }));
    expect(companies).toHaveLength(total);
    const ids = companies.map((company) => company.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(total);
    expect((await listRequests()) - before).toBe(5);
  });

  it('forward-only: one page tells where the next starts', async () => {
    const first = await world.client.company.companies.page({ pageSize: 10, forwardOnly: true });
    expect(first.items).toHaveLength(10);
    expect(first.next).toEqual({ pageId: first.items[9]!.id });
    const second = await world.client.company.companies.page({
      pageSize: 10,
      forwardOnly: true,
      pageId: first.next && 'pageId' in first.next ? first.next.pageId : 0,
    });
    expect(second.items[0]!.id).toBeGreaterThan(first.items[9]!.id);
  });

  it('numbered: an explicit order pages by number across more than two pages and keeps conditions', async () => {
    const before = await listRequests();
    const companies = await collect(
      world.client.company.companies.list({
        pageSize: 4,
        orderBy: 'name asc',
        conditions: where('name', 'like', 'Paged 1%'),
      }),
    );
    expect(companies.map((company) => company.name)).toEqual(
      Array.from({ length: 10 }, (_, index) => `Paged ${10 + index}`),
    );
    expect((await listRequests()) - before).toBe(3);
  });

  it('numbered: resources without forward-only page by number ordered by id', async () => {
    for (let index = 0; index < 7; index += 1) {
      await world.client.company.companyTypes.create({ name: `Type ${index}` });
    }
    const types = await collect(world.client.company.companyTypes.list({ pageSize: 3 }));
    expect(types.map((type) => type.name)).toEqual(Array.from({ length: 7 }, (_, index) => `Type ${index}`));
    const page = await world.client.company.companyTypes.page({ pageSize: 3, page: 2, orderBy: 'id asc' });
    expect(page.items.map((type) => type.name)).toEqual(['Type 3', 'Type 4', 'Type 5']);
    expect(page.next).toEqual({ page: 3 });
  });

  it('forward-only with a fields projection still resumes by id', async () => {
    const companies = await collect(world.client.company.companies.list({ pageSize: 10, fields: ['name'] }));
    expect(companies).toHaveLength(total);
    expect(Object.keys(companies[0]!).sort()).toEqual(['id', 'name']);
  });

  it('count agrees with the list and a condition', async () => {
    expect(await world.client.company.companies.count()).toBe(total);
    expect(
      await world.client.company.companies.count({ conditions: where('name', 'like', 'Paged 0%') }),
    ).toBe(9);
  });

  it('rejects a pageSize ConnectWise would not honour', async () => {
    expect(() => world.client.company.companies.list({ pageSize: 1001 })).toThrow(
      /pageSize must be an integer from 1 to 1000/,
    );
  });
});
