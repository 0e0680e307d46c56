import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entityNames } from '../../src/bss/records/index.js';
import { useApiServer } from '../support/api-server.js';
import { sampleInputs, seedSampleRecords } from '../support/bss-records.js';
import { databaseTargets } from '../support/database.js';

describe.each(databaseTargets())('bad requests on $name', (target) => {
  const suite = useApiServer(target, { bodyLimit: 64 * 1024 });

  async function recordCount(): Promise<number> {
    const rows = await suite.database.db.selectFrom('bss_records').select('id').execute();
    return rows.length;
  }

  it('answers 400 listing every field problem, and writes nothing', async () => {
    const before = await recordCount();
    const response = await suite.call({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: {
        name: '',
        corpEmail: 'nope',
        addresses: [{ isBilling: true, countryCode: 'Greece' }, { isBilling: true }],
        type: { id: 'has spaces' },
        unknownThing: 1,
      },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('validation_failed');
    expect(
      body.issues.map((issue: { path: string; rule: string }) => `${issue.path} ${issue.rule}`).sort(),
    ).toEqual(
      [
        'addresses singleBillingAddress',
        'addresses[0].countryCode pattern',
        'corpEmail format:email',
        'name required',
        'type.id pattern',
        'unknownThing unknownField',
      ].sort(),
    );
    expect(body.issues.find((issue: { path: string }) => issue.path === 'corpEmail').received).toBe('nope');
    expect(await recordCount()).toBe(before);
  });

  it('answers 422 naming each unknown reference', async () => {
    const response = await suite.call({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { name: 'Orphan', type: { id: 'reseller' }, parentAccount: { id: 'ghost' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      error: 'unknown_reference',
      message: 'type.id "reseller" is not an account type; parentAccount.id "ghost" is not an account',
    });
  });

  it('answers 409 to a stale If-Match or body version, and to a duplicate POST', async () => {
    await seedSampleRecords(suite.store, 'accounts');
    await suite.call({ method: 'PATCH', url: '/api/v1/currencies/sample-eur', payload: { symbol: 'EUR' } });
    const stale = await suite.call({
      method: 'PATCH',
      url: '/api/v1/currencies/sample-eur',
      headers: { 'if-match': '"1"' },
      payload: { name: 'Old' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'version_conflict', expectedVersion: 1, actualVersion: 2 });
    const staleBody = await suite.call({
      method: 'PUT',
      url: '/api/v1/currencies/sample-eur',
      payload: { ...sampleInputs.currencies, version: 1 },
    });
    expect(staleBody.statusCode).toBe(409);
    const deleteStale = await suite.call({
      method: 'DELETE',
      url: '/api/v1/currencies/sample-eur',
      headers: { 'if-match': 'W/"1"' },
    });
    expect(deleteStale.statusCode).toBe(409);
    const duplicate = await suite.call({
      method: 'POST',
      url: '/api/v1/currencies',
      payload: sampleInputs.currencies,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toBe('duplicate_record');
  });

  it('lets one of two concurrent If-Match writers win; the other gets 409', async () => {
    await suite.call({ method: 'PUT', url: '/api/v1/countries/cy', payload: { name: 'Cyprus', code: 'CY' } });
    const [first, second] = await Promise.all(
      ['Kypros', 'Kibris'].map((name) =>
        suite.call({
          method: 'PATCH',
          url: '/api/v1/countries/cy',
          headers: { 'if-match': '"1"' },
          payload: { name },
        }),
      ),
    );
    expect([first!.statusCode, second!.statusCode].sort()).toEqual([200, 409]);
  });

  it('refuses a malformed If-Match, and one that contradicts the body version', async () => {
    const malformed = await suite.call({
      method: 'PATCH',
      url: '/api/v1/countries/cy',
      headers: { 'if-match': 'yesterday' },
      payload: { name: 'x' },
    });
    expect(malformed.statusCode).toBe(400);
    const contradicting = await suite.call({
      method: 'PATCH',
      url: '/api/v1/countries/cy',
      headers: { 'if-match': '"2"' },
      payload: { name: 'x', version: 1 },
    });
    expect(contradicting.statusCode).toBe(400);
  });

  it('answers 413 to a body over the limit', async () => {
    const response = await suite.call({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { name: 'Big', description: 'x'.repeat(70 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toBe('payload_too_large');
  });

  it('answers 415 to a body that is not JSON', async () => {
    const response = await suite.call({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'text/plain' },
      payload: 'name=Acme',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toBe('unsupported_media_type');
  });

  it('answers 400 to malformed and empty JSON', async () => {
    for (const payload of ['{"name": "Acme",', '']) {
      const response = await suite.call({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe('malformed_json');
    }
  });

  it('answers 400 to a __proto__ body, an unknown filter, a bad cursor and a bad id', async () => {
    const poisoned = await suite.call({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"x","__proto__":{"admin":true}}',
    });
    expect(poisoned.statusCode).toBe(400);
    const filter = await suite.call({ method: 'GET', url: '/api/v1/accounts?colour=red' });
    expect(filter.statusCode).toBe(400);
    expect(filter.json().issues[0]).toMatchObject({ path: 'colour', rule: 'unknownField' });
    expect((await suite.call({ method: 'GET', url: '/api/v1/accounts?after=***' })).statusCode).toBe(400);
    expect((await suite.call({ method: 'GET', url: '/api/v1/accounts?name=a%00b' })).statusCode).toBe(400);
    expect((await suite.call({ method: 'GET', url: '/api/v1/accounts?limit=5000' })).statusCode).toBe(400);
    expect((await suite.call({ method: 'GET', url: '/api/v1/accounts/bad%20id' })).statusCode).toBe(400);
  });

  it('answers 400, not a stack overflow, to a deeply nested body', async () => {
    const depth = 20_000;
    const nested = '{"name":"x","customValues":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
    await suite.call({ method: 'PUT', url: '/api/v1/account-types/deep', payload: { name: 'Deep' } });
    for (const [method, url] of [
      ['POST', '/api/v1/accounts'],
      ['PATCH', '/api/v1/account-types/deep'],
    ] as const) {
      const response = await suite.call({
        method,
        url,
        headers: { 'content-type': 'application/json' },
        payload: nested,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().issues).toEqual([expect.objectContaining({ rule: 'maxDepth' })]);
    }
  });

  it('answers with its JSON error body to URLs the router refuses', async () => {
    for (const url of ['/api/v1/accounts/%ZZ', `/api/v1/accounts/${'x'.repeat(5000)}`]) {
      const response = await suite.call({ method: 'GET', url });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.json().error).toBe('bad_request');
    }
  });

  it('refuses the NUL character, which PostgreSQL text cannot hold', async () => {
    const response = await suite.call({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"Acme\\u0000"}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([
      expect.objectContaining({ path: 'name', rule: 'noNulCharacter' }),
    ]);
  });

  it('never answers 500 to whatever a client throws at any route', async () => {
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
    const paths = [
      ...entityNames.flatMap((entity) => [
        `/api/v1/${entity}`,
        `/api/v1/${entity}/sample-account`,
        `/api/v1/${entity}/x`,
      ]),
      '/api/v1/changes',
      '/api/v1/openapi.json',
      '/health',
      '/ready',
      '/api/v1/nowhere',
    ];
    const junkBody = fc.oneof(
      fc.json(),
      fc.string({ unit: 'binary' }),
      fc
        .dictionary(fc.constantFrom('name', 'code', 'firstName'), fc.string({ unit: 'binary' }))
        .map((value) => JSON.stringify(value)),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc
        .dictionary(
          fc.constantFrom('name', 'id', 'version', 'type', 'items', 'addresses', 'account'),
          fc.jsonValue(),
        )
        .map((value) => JSON.stringify(value)),
    );
    const junkQuery = fc.dictionary(
      fc.constantFrom('after', 'limit', 'origin', 'code', 'account', 'x'),
      fc.oneof(fc.string({ unit: 'binary' }), fc.integer().map(String)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        fc.constantFrom(...paths),
        junkBody,
        junkQuery,
        fc.constantFrom('application/json', 'application/merge-patch+json', 'text/plain', 'application/xml'),
        fc.option(fc.string({ maxLength: 12 })),
        async (method, path, body, query, contentType, ifMatch) => {
          const response = await suite.call({
            method,
            url: path,
            query,
            headers: { 'content-type': contentType, ...(ifMatch === null ? {} : { 'if-match': ifMatch }) },
            ...(method === 'GET' || method === 'DELETE' ? {} : { payload: body }),
          });
          expect(response.statusCode).toBeLessThan(500);
          expect(() => response.json()).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});
