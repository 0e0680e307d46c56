import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { authHeaders } from '../fuzz/sandbox-requests.js';

const seededResources = [
  'company/countries',
  'company/states',
  'company/companies/statuses',
  'company/companies/types',
  'finance/currencies',
  'system/members',
  'company/contacts/types',
  'company/communicationTypes',
  'procurement/categories',
  'procurement/subcategories',
  'procurement/unitOfMeasures',
  'procurement/types',
  'sales/orders/statuses',
  'system/locations',
  'finance/billingTerms',
  'finance/agreements/types',
  'system/userDefinedFields',
];

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'demo', apiVersion: '2022.1' });
});
afterAll(async () => sandbox?.stop());

describe('demo seed through the API', () => {
  it.each(seededResources)(
    'serves %s and accepts its rows back unchanged (PUT) under 2022.1 rules',
    async (resource) => {
      const headers = { ...authHeaders(sandbox), 'content-type': 'application/json' };
      const list = await fetch(`${sandbox.apiUrl}/${resource}?pageSize=1000`, { headers });
      expect(list.status).toBe(200);
      const rows = (await list.json()) as Array<Record<string, unknown>>;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows.slice(0, 5)) {
        const put = await fetch(`${sandbox.apiUrl}/${resource}/${String(row.id)}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify(row),
        });
        expect(put.status, `${resource}/${String(row.id)}: ${await put.clone().text()}`).toBe(200);
      }
    },
  );
});
