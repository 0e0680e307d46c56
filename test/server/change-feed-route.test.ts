import { describe, expect, it } from 'vitest';
import { useApiServer } from '../support/api-server.js';
import { databaseTargets } from '../support/database.js';

describe.each(databaseTargets())('GET /api/v1/changes on $name', (target) => {
  const suite = useApiServer(target);

  it('hands back what cwsync pulled by default, and everything with origin=all', async () => {
    await suite.call({ method: 'PUT', url: '/api/v1/countries/gr', payload: { name: 'Greece', code: 'GR' } });
    await suite.store.upsert('countries', 'nl', { name: 'Netherlands', code: 'NL' }, { origin: 'pull' });
    const pulled = await suite.call({ method: 'GET', url: '/api/v1/changes' });
    expect(pulled.statusCode).toBe(200);
    expect(pulled.json().changes.map((change: { recordId: string }) => change.recordId)).toEqual(['nl']);
    const all = await suite.call({ method: 'GET', url: '/api/v1/changes?origin=all' });
    expect(all.json().changes.map((change: { recordId: string }) => change.recordId)).toEqual(['gr', 'nl']);
    expect(all.json().changes[1]).toMatchObject({
      entity: 'countries',
      action: 'created',
      origin: 'pull',
      version: 1,
      record: { id: 'nl', name: 'Netherlands' },
    });
  });

  it('resumes from a cursor without repeating', async () => {
    const first = await suite.call({ method: 'GET', url: '/api/v1/changes?origin=all&limit=1' });
    const cursor = first.json().nextCursor as string;
    const rest = await suite.call({ method: 'GET', url: `/api/v1/changes?origin=all&after=${cursor}` });
    const ids = [...first.json().changes, ...rest.json().changes].map(
      (change: { cursor: string }) => change.cursor,
    );
    expect(new Set(ids).size).toBe(ids.length);
    const empty = await suite.call({
      method: 'GET',
      url: `/api/v1/changes?origin=all&after=${rest.json().nextCursor}`,
    });
    expect(empty.json()).toEqual({ changes: [], nextCursor: rest.json().nextCursor });
  });

  it('refuses a bad origin, cursor or limit with 400', async () => {
    for (const query of ['origin=cw', 'after=x1', 'limit=0', 'limit=abc']) {
      const response = await suite.call({ method: 'GET', url: `/api/v1/changes?${query}` });
      expect(response.statusCode).toBe(400);
    }
  });
});
