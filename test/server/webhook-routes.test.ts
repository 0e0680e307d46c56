import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore, type RecordStore } from '../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startWebhookDispatcher } from '../../src/webhooks/index.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { buildServer } from '../../src/server/build-server.js';
import { SecretBox } from '../../src/instances/secret-box.js';
import { withWebhookTables } from '../../src/webhooks/webhook-tables.js';
import { databaseTargets } from '../support/database.js';
import { startTestReceiver } from '../webhooks/start-test-receiver.js';

const secrets = SecretBox.fromKey(randomBytes(32));
const localReceiversAllowed = { allowPrivate: true, allowedCidrs: [] };

describe.each(databaseTargets())('webhook API routes on $name', (target) => {
  let database: DatabaseHandle;
  let store: RecordStore;
  let app: FastifyInstance;
  let authorized: (options: {
    method: 'GET' | 'POST' | 'DELETE';
    url: string;
    payload?: object;
  }) => Promise<LightMyRequestResponse>;

  beforeAll(async () => {
    database = await target.open();
    store = createRecordStore(database.db);
    // the delivery-log test's receiver listens on 127.0.0.1, which the default policy refuses
    app = await buildServer({ db: database.db, store, secrets, webhookTargets: localReceiversAllowed });
    await app.ready();
    const { token } = await createApiToken(database.db, 'webhook-tests');
    const inject = app.inject.bind(app);
    authorized = (options) => inject({ ...options, headers: { authorization: `Bearer ${token}` } });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  it('creates a subscription, showing the secret once and never again', async () => {
    const created = await authorized({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: 'https://bss.example/hooks', entities: ['accounts', 'contacts'] },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ id: string; secret: string }>();
    expect(body).toMatchObject({
      url: 'https://bss.example/hooks',
      entities: ['accounts', 'contacts'],
      origins: ['pull'],
      active: true,
    });
    expect(body.secret).toMatch(/^whsec_/);
    const stored = await withWebhookTables(database.db)
      .selectFrom('webhook_subscriptions')
      .select('secret')
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(body.secret);
    expect(secrets.open(stored.secret)).toBe(body.secret);

    const one = await authorized({ method: 'GET', url: `/api/v1/webhooks/${body.id}` });
    const list = await authorized({ method: 'GET', url: '/api/v1/webhooks' });
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toContain(body.secret);
    expect(one.json()).not.toHaveProperty('secret');
    expect(list.json<{ items: Array<{ id: string }> }>().items.map((item) => item.id)).toContain(body.id);
    expect(list.body).not.toContain(body.secret);
  });

  it('refuses a bad body with 400 listing every field and rule', async () => {
    const response = await authorized({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: 'ftp://bss.example', entities: ['widgets'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'validation_failed',
      issues: [
        { path: 'url', rule: 'format:url', message: 'must be an http(s) URL' },
        { path: 'entities[0]', rule: 'enum' },
      ],
    });
  });

  it('answers 401 without a bearer token, and lists its routes in the OpenAPI document', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/webhooks' });
    expect(anonymous.statusCode).toBe(401);
    const openapi = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: object;
    }>();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/webhooks',
        '/api/v1/webhooks/{id}',
        '/api/v1/webhooks/{id}/deliveries',
      ]),
    );
  });

  it('lists the delivery log of a subscription', async () => {
    const receiver = await startTestReceiver([500]);
    const created = await authorized({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: receiver.url },
    });
    const { id } = created.json<{ id: string }>();
    await store.upsert('accounts', 'route-1', { name: 'Pulled' }, { origin: 'pull' });
    const dispatcher = startWebhookDispatcher({
      db: database.db,
      store,
      logger: createLogger({ level: 'silent' }),
      secrets,
      targets: localReceiversAllowed,
      pollIntervalMs: 60_000,
    });
    try {
      await dispatcher.runOnce();
    } finally {
      await dispatcher.stop();
      await receiver.close();
    }

    const response = await authorized({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      items: [
        expect.objectContaining({
          subscriptionId: id,
          attempt: 1,
          statusCode: 500,
          error: 'HTTP 500: failed with 500',
        }),
      ],
    });
  });

  it('removes a subscription, then answers 404 for it', async () => {
    const created = await authorized({
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: 'http://127.0.0.1:9/x' },
    });
    const { id } = created.json<{ id: string }>();

    expect((await authorized({ method: 'DELETE', url: `/api/v1/webhooks/${id}` })).statusCode).toBe(204);
    const again = await authorized({ method: 'DELETE', url: `/api/v1/webhooks/${id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({
      error: 'not_found',
      message: `webhook subscription ${id} does not exist`,
    });
    expect((await authorized({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries` })).statusCode).toBe(
      404,
    );
  });
});
