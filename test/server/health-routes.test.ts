import { describe, expect, it } from 'vitest';
import { createRecordStore } from '../../src/bss/store/index.js';
import { buildServer } from '../../src/server/build-server.js';
import { databaseTargets } from '../support/database.js';

describe.each(databaseTargets())('health and readiness on $name', (target) => {
  it('is healthy and ready with its database, healthy but not ready without it', async () => {
    const database = await target.open();
    const app = await buildServer({ db: database.db, store: createRecordStore(database.db) });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({ status: 'ready' });
    await database.destroy();
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // /ready reuses a probe's answer for a second
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error).toBe('not_ready');
    await app.close();
  });
});
