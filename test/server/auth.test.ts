import { describe, expect, it } from 'vitest';
import {
  createApiToken,
  hashApiToken,
  listApiTokens,
  revokeApiToken,
} from '../../src/server/auth/api-tokens.js';
import { useApiServer } from '../support/api-server.js';
import { databaseTargets } from '../support/database.js';

describe.each(databaseTargets())('bearer-token auth on $name', (target) => {
  const suite = useApiServer(target);

  it('answers 401 with a JSON body without a token, with an unknown one, and with a malformed header', async () => {
    for (const authorization of [undefined, 'Bearer cws_unknown', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const response = await suite.app.inject({
        method: 'GET',
        url: '/api/v1/accounts',
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toContain('Bearer');
      expect(response.json()).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('guards writes and the change feed too', async () => {
    const write = await suite.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'x' } });
    expect(write.statusCode).toBe(401);
    const feed = await suite.app.inject({ method: 'GET', url: '/api/v1/changes' });
    expect(feed.statusCode).toBe(401);
    expect(await suite.database.db.selectFrom('bss_records').select('id').execute()).toEqual([]);
  });

  it('lets /health, /ready and the docs through without a token', async () => {
    for (const url of ['/health', '/ready', '/api/v1/openapi.json', '/api/v1/docs']) {
      expect((await suite.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
  });

  it('accepts a created token and refuses it once revoked', async () => {
    const { token, summary } = await createApiToken(suite.database.db, 'bss-prod');
    const call = () =>
      suite.app.inject({
        method: 'GET',
        url: '/api/v1/accounts',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await call()).statusCode).toBe(200);
    expect(await revokeApiToken(suite.database.db, summary.id)).toBe(1);
    expect((await call()).statusCode).toBe(401);
    expect(await revokeApiToken(suite.database.db, summary.id)).toBe(0);
  });

  it('stores only the hash and lists tokens without them', async () => {
    const { token } = await createApiToken(suite.database.db, 'listed');
    const rows = await suite.database.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((row) => row.token_hash)).toContain(hashApiToken(token));
    const listed = await listApiTokens(suite.database.db);
    expect(listed.map((entry) => entry.name)).toContain('listed');
    expect(JSON.stringify(listed)).not.toContain(token);
  });
});
