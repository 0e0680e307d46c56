import { afterEach, describe, expect, it } from 'vitest';
import { ConnectWiseError, where } from '../../src/connectwise/index.js';
import { collect, startSandboxWithClient } from './support/sandbox.js';
import type { SandboxWithClient } from './support/sandbox.js';

let world: SandboxWithClient | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function seedCompanies(target: SandboxWithClient, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let index = 0; index < count; index += 1) {
    ids.push(
      (
        await target.client.company.companies.create({
          identifier: `F${index}`,
          name: `F ${index}`,
          city: 'Tampa',
          site: { name: 'Main' },
        })
      ).id,
    );
  }
  return ids;
}

describe('the sandbox rate-limiting a burst of 200 reads to 50 per second', () => {
  it('completes every read with a bounded number of 429s, far fewer than the reads', async () => {
    world = await startSandboxWithClient({}, { maxConcurrency: 8 });
    await world.setFaults({ rateLimit: { limit: 50, windowSeconds: 1 } });
    const counts = await Promise.all(
      Array.from({ length: 200 }, () => world!.client.company.companies.count()),
    );
    expect(counts.every((count) => count === 0)).toBe(true);
    const { counters } = world.client.stats();
    expect(counters.byStatus['200']).toBe(200);
    expect(counters.rateLimited).toBeGreaterThan(0);
    // about one in-flight batch (≤ 8) per exhausted window, never a retry per waiting request
    expect(counters.rateLimited).toBeLessThanOrEqual(48);
  });
});

describe('the sandbox answering 500 "A timeout has occured" to 30% of requests', () => {
  it('still completes every read, retrying only the failed ones', async () => {
    world = await startSandboxWithClient({}, { retry: { maxAttempts: 8 } });
    const ids = await seedCompanies(world, 30);
    await world.setFaults({ timeoutErrorRate: 0.3 });
    const companies = await Promise.all(ids.map((id) => world!.client.company.companies.get(id)));
    expect(companies.map((company) => company.id)).toEqual(ids);
    const { counters } = world.client.stats();
    expect(counters.byStatus['500']).toBeGreaterThan(0);
    expect(counters.retries).toBe(counters.byStatus['500']);
  });

  it('surfaces a create that met the timeout as outcome unknown, sent once', async () => {
    world = await startSandboxWithClient();
    await world.setFaults({ timeoutErrorRate: 1 });
    const error = (await world.client.company.companies
      .create({ identifier: 'ONCE', name: 'Once', city: 'Tampa', site: { name: 'Main' } })
      .catch((caught: unknown) => caught)) as ConnectWiseError;
    expect(error).toBeInstanceOf(ConnectWiseError);
    expect(error).toMatchObject({ kind: 'timeout', status: 500, outcomeUnknown: true, attempts: 1 });
    expect(world.client.stats().counters).toMatchObject({ requests: 1, outcomeUnknown: 1 });
    // what the engine does next: look before creating again
    await world.setFaults({ timeoutErrorRate: 0 });
    expect(await world.client.company.companies.count({ conditions: where('identifier', '=', 'ONCE') })).toBe(
      0,
    );
  });
});

describe('the sandbox dropping connections', () => {
  it('still completes a paged read when 30% of requests are dropped', async () => {
    world = await startSandboxWithClient({}, { retry: { maxAttempts: 8 } });
    await seedCompanies(world, 12);
    await world.setFaults({ dropConnectionRate: 0.3 });
    const companies = await collect(world.client.company.companies.list({ pageSize: 2 }));
    expect(companies).toHaveLength(12);
    expect(world.client.stats().counters.networkErrors).toBeGreaterThan(0);
  });

  it('surfaces a create whose connection dropped as outcome unknown', async () => {
    world = await startSandboxWithClient();
    await world.setFaults({ dropConnectionRate: 1 });
    const error = await world.client.company.companies
      .create({ identifier: 'DROP', name: 'Drop', city: 'Tampa', site: { name: 'Main' } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'network', outcomeUnknown: true, attempts: 1 });
  });
});
