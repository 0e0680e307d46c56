import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditions, where } from '../../src/connectwise/index.js';
import type { Company, Condition } from '../../src/connectwise/index.js';
import { collect, startSandboxWithClient } from './support/sandbox.js';
import type { SandboxWithClient } from './support/sandbox.js';

const trickyNames = [
  "O'Brien Plumbing",
  'The "Best" Co',
  'It\'s "both" kinds',
  'C:\\temp\\new files',
  'Ends with backslash \\',
  'Salt and Pepper',
  'Paren) or (id > 0',
  'x" or name = "y',
  "x' or name = 'y",
  'percent % and _ under',
];

let world: SandboxWithClient;
const byName = new Map<string, Company>();
beforeAll(async () => {
  world = await startSandboxWithClient();
  for (const [index, name] of trickyNames.entries()) {
    byName.set(
      name,
      await world.client.company.companies.create({
        identifier: `T${index}`,
        name,
        city: 'Tampa',
        site: { name: 'Main' },
      }),
    );
  }
  // decoys that a broken quote would also match
  await world.client.company.companies.create({
    identifier: 'D1',
    name: 'x',
    city: 'Tampa',
    site: { name: 'Main' },
  });
  await world.client.company.companies.create({
    identifier: 'D2',
    name: 'y',
    city: 'Tampa',
    site: { name: 'Main' },
  });
  await world.client.company.companies.create({
    identifier: 'D3',
    name: 'Salt',
    city: 'Tampa',
    site: { name: 'Main' },
  });
});
afterAll(async () => {
  await world.stop();
});

describe('conditions built from values with quotes, backslashes, "and" and ")"', () => {
  it.each(trickyNames)('name = %s finds exactly that company', async (name) => {
    const found = await collect(
      world.client.company.companies.list({ conditions: where('name', '=', name) }),
    );
    expect(found.map((company) => company.id)).toEqual([byName.get(name)!.id]);
  });

  it('the tagged template finds the same record as where()', async () => {
    const name = 'x" or name = "y';
    const found = await collect(
      world.client.company.companies.list({ conditions: conditions`name = ${name} and city = ${'Tampa'}` }),
    );
    expect(found.map((company) => company.name)).toEqual([name]);
  });

  it('contains, like, in, or and dates select the right rows', async () => {
    const { companies } = world.client.company;
    const names = async (condition: Condition): Promise<string[]> =>
      (await collect(companies.list({ conditions: condition }))).map((company) => company.identifier).sort();
    expect(await names(where('name', 'contains', '"both"'))).toEqual(['T2']);
    expect(await names(where('name', 'like', 'Salt%'))).toEqual(['D3', 'T5']);
    expect(await names(where('identifier', 'in', ['T0', 'D1', 'nope']))).toEqual(['D1', 'T0']);
    expect(await names(where('name', '=', 'x').or(where('name', '=', 'y')))).toEqual(['D1', 'D2']);
    expect(await names(where('lastUpdated', '<', new Date('2000-01-01T00:00:00Z')))).toEqual([]);
    expect((await names(where('lastUpdated', '>', new Date('2000-01-01T00:00:00Z')))).length).toBe(
      trickyNames.length + 3,
    );
  });

  it('listByIds splits a long id list and returns each record once', async () => {
    const wanted = [...byName.values()].map((company) => company.id);
    const ids = [...wanted, ...Array.from({ length: 600 }, (_, index) => 900_000 + index)];
    const requestsBefore = world.client.stats().counters.requests;
    const found = await collect(world.client.company.companies.listByIds(ids));
    expect(found.map((company) => company.id).sort((a, b) => a - b)).toEqual(
      [...wanted].sort((a, b) => a - b),
    );
    // 610 ids do not fit one URL of ~2000 characters
    expect(world.client.stats().counters.requests - requestsBefore).toBeGreaterThan(1);
  });
});
