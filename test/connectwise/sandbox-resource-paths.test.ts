import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../src/connectwise/index.js';
import { startSandboxWithClient } from './support/sandbox.js';
import type { SandboxWithClient } from './support/sandbox.js';

let world: SandboxWithClient;
beforeAll(async () => {
  world = await startSandboxWithClient({ seed: 'demo' });
});
afterAll(async () => {
  await world.stop();
});

describe('every typed resource', () => {
  it('reaches a route the sandbox serves (no "endpoint does not exist")', async () => {
    const { company, finance, procurement, sales, system } = world.client;
    const resources: Array<Resource<unknown, unknown>> = [
      ...Object.values(company).filter(isResource),
      ...Object.values(finance).filter(isResource),
      ...Object.values(procurement).filter(isResource),
      ...Object.values(sales).filter(isResource),
      ...Object.values(system).filter(isResource),
      company.sitesOf(1),
      company.typeAssociationsOf(1),
      company.communicationsOf(1),
      finance.paymentsOf(1),
      finance.additionsOf(1),
    ];
    expect(resources.length).toBe(31);
    // ConnectWise serves this route (connectwise-rest ManageTypes, 2022.1); the sandbox does not yet
    const notYetInSandbox = new Set(['company/contacts/1/communications']);
    const failures: string[] = [];
    for (const resource of resources.filter((entry) => !notYetInSandbox.has(entry.path))) {
      try {
        await resource.page({ pageSize: 1 });
      } catch (error) {
        // a nested list under a parent the demo lacks is a record 404, not a missing route
        if ((error as { code?: string }).code !== 'NotFound')
          failures.push(`${resource.path}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

function isResource(value: unknown): value is Resource<unknown, unknown> {
  return typeof value === 'object' && value !== null && 'page' in value && 'path' in value;
}
