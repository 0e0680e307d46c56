import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import {
  conditionsString,
  fieldsString,
  hostileString,
  orderByString,
  pageNumberString,
  rawQueryOf,
} from './hostile-values.js';
import { assertStillHealthy, authHeaders, fuzzRuns, fuzzSeed, isClientAnswer } from './sandbox-requests.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'demo' });
  const headers = { ...authHeaders(sandbox), 'content-type': 'application/json' };
  const company = await fetch(`${sandbox.apiUrl}/company/companies`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      identifier: 'FUZZ',
      name: 'Fuzz Ltd',
      city: 'X',
      site: { name: 'Main' },
      status: { id: 1 },
      types: [{ id: 1 }],
    }),
  });
  const { id } = (await company.json()) as { id: number };
  await fetch(`${sandbox.apiUrl}/company/contacts`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ firstName: 'Fuzz', company: { id }, communicationItems: [] }),
  });
});
afterAll(async () => sandbox?.stop());

const listPaths = fc.constantFrom(
  '/company/companies',
  '/company/contacts',
  '/company/countries',
  '/company/companies/count',
  '/company/contacts/count',
  '/system/members',
);

const queryParameters = fc.record(
  {
    conditions: conditionsString,
    childConditions: conditionsString,
    customFieldConditions: conditionsString,
    orderBy: orderByString,
    fields: fieldsString,
    page: pageNumberString,
    pageSize: pageNumberString,
    pageId: pageNumberString,
  },
  { requiredKeys: [] },
);

const strayParameters = fc.dictionary(hostileString, hostileString, { maxKeys: 3 });

describe('fuzz: query parameters', () => {
  it('answers random and hostile conditions, orderBy, fields and paging with 2xx/4xx only', async () => {
    await fc.assert(
      fc.asyncProperty(
        listPaths,
        queryParameters,
        strayParameters,
        fc.boolean(),
        async (path, known, stray, forwardOnly) => {
          const query = new URLSearchParams({ ...stray, ...known } as Record<string, string>).toString();
          const headers = {
            ...authHeaders(sandbox),
            ...(forwardOnly ? { 'pagination-type': 'forward-only' } : {}),
          };
          const response = await fetch(`${sandbox.apiUrl}${path}?${query}`, { headers });
          await response.arrayBuffer();
          expect(isClientAnswer(response.status), `${response.status} for ${path}?${query}`).toBe(true);
        },
      ),
      { numRuns: fuzzRuns(400), seed: fuzzSeed },
    );
    await assertStillHealthy(sandbox);
  });

  it('answers arbitrary raw query strings and path segments with 2xx/4xx only', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (segment, rawQuery) => {
        const path = `/company/contacts/${rawQueryOf(segment).replace(/[/?]/g, '_')}?${rawQueryOf(rawQuery)}`;
        const response = await fetch(`${sandbox.apiUrl}${path}`, { headers: authHeaders(sandbox) });
        await response.arrayBuffer();
        expect(isClientAnswer(response.status), `${response.status} for ${path}`).toBe(true);
      }),
      { numRuns: fuzzRuns(200), seed: fuzzSeed },
    );
    await assertStillHealthy(sandbox);
  });
});
