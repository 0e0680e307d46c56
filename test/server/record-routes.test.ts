import { describe, expect, it } from 'vitest';
import { entitySchemas } from '../../src/bss/records/index.js';
import { linkRecord } from '../../src/bss/store/index.js';
import { useApiServer } from '../support/api-server.js';
import { entitiesInDependencyOrder, sampleInputs } from '../support/bss-records.js';
import { databaseTargets } from '../support/database.js';

describe.each(databaseTargets())('REST records on $name', (target) => {
  const suite = useApiServer(target);

  it.each(entitiesInDependencyOrder)('serves POST, GET, PUT, PATCH and list for %s', async (entity) => {
    const input = sampleInputs[entity];
    const id = input.id as string;
    const created = await suite.call({ method: 'POST', url: `/api/v1/${entity}`, payload: input });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/${entity}/${id}`);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({ ...input, version: 1, integrationIds: {} });
    expect(entitySchemas[entity].record.safeParse(created.json()).success).toBe(true);

    const read = await suite.call({ method: 'GET', url: `/api/v1/${entity}/${id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created.json());

    const replaced = await suite.call({
      method: 'PUT',
      url: `/api/v1/${entity}/${id}`,
      headers: { 'if-match': '"1"' },
      payload: read.json<Record<string, unknown>>(),
    });
    // A GET body sent back as is: its read-only fields are accepted, and an unchanged record keeps its version.
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().version).toBe(1);

    const list = await suite.call({ method: 'GET', url: `/api/v1/${entity}?limit=10` });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(id);
  });

  it('creates with PUT (201) and replaces with PUT (200)', async () => {
    const first = await suite.call({
      method: 'PUT',
      url: '/api/v1/unit-types/hour',
      payload: { name: 'Hour' },
    });
    expect(first.statusCode).toBe(201);
    const second = await suite.call({
      method: 'PUT',
      url: '/api/v1/unit-types/hour',
      payload: { name: 'Hours' },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: 'hour', name: 'Hours', version: 2 });
  });

  it('patches with merge-patch, as application/json or application/merge-patch+json', async () => {
    const patched = await suite.call({
      method: 'PATCH',
      url: '/api/v1/accounts/sample-account',
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ phone: '+30 210 7654321', fax: null }),
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ phone: '+30 210 7654321', name: 'Acme Hellas' });
    const again = await suite.call({
      method: 'PATCH',
      url: '/api/v1/accounts/sample-account',
      payload: { description: 'Key account' },
    });
    expect(again.json().description).toBe('Key account');
    expect(again.headers.etag).toBe(`"${again.json().version}"`);
  });

  it('deletes (204), then answers 404', async () => {
    await suite.call({ method: 'PUT', url: '/api/v1/payment-methods/cash', payload: { name: 'Cash' } });
    const deleted = await suite.call({ method: 'DELETE', url: '/api/v1/payment-methods/cash' });
    expect(deleted.statusCode).toBe(204);
    const read = await suite.call({ method: 'GET', url: '/api/v1/payment-methods/cash' });
    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ error: 'not_found' });
    expect((await suite.call({ method: 'DELETE', url: '/api/v1/payment-methods/cash' })).statusCode).toBe(
      404,
    );
    expect(
      (await suite.call({ method: 'PATCH', url: '/api/v1/payment-methods/cash', payload: {} })).statusCode,
    ).toBe(404);
  });

  it('refuses to delete a record still referred to (409, naming who refers)', async () => {
    const response = await suite.call({ method: 'DELETE', url: '/api/v1/account-types/sample-type' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      error: 'record_in_use',
      referencedBy: [{ entity: 'accounts', id: 'sample-account', path: 'type.id' }],
    });
  });

  it('pages with nextCursor and a Link header, and filters on indexed fields', async () => {
    for (let index = 0; index < 7; index++) {
      await suite.call({
        method: 'PUT',
        url: `/api/v1/contacts/page-${index}`,
        payload: {
          account: { id: 'sample-account' },
          firstName: `P${index}`,
          email: `p${index}@acme.example`,
        },
      });
    }
    const seen: string[] = [];
    let url: string | undefined = '/api/v1/contacts?account=sample-account&limit=3';
    while (url !== undefined) {
      const page = await suite.call({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((item: { id: string }) => item.id));
      const link = page.headers.link as string | undefined;
      expect(link === undefined).toBe(page.json().nextCursor === null);
      url = link === undefined ? undefined : /<([^>]+)>/.exec(link)?.[1];
    }
    expect(seen.filter((id) => id.startsWith('page-'))).toHaveLength(7);
    expect(new Set(seen).size).toBe(seen.length);
    const byEmail = await suite.call({ method: 'GET', url: '/api/v1/contacts?email=p3@acme.example' });
    expect(byEmail.json().items.map((item: { id: string }) => item.id)).toEqual(['page-3']);
  });

  it('shows integrationIds from the links', async () => {
    await linkRecord(suite.database.db, {
      instanceId: 'cw-main',
      entity: 'products',
      recordId: 'sample-product',
      integrationId: '77',
    });
    const read = await suite.call({ method: 'GET', url: '/api/v1/products/sample-product' });
    expect(read.json().integrationIds).toEqual({ 'cw-main': '77' });
  });

  it('records the token name as the writer of a change', async () => {
    await suite.call({ method: 'PUT', url: '/api/v1/countries/mt', payload: { name: 'Malta', code: 'MT' } });
    const row = await suite.database.db
      .selectFrom('bss_record_changes')
      .select('actor')
      .where('record_id', '=', 'mt')
      .executeTakeFirstOrThrow();
    expect(row.actor).toBe('token:test-suite');
  });
});
