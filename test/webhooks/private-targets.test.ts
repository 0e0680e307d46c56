// A token holder must not be able to make cwsync POST inward: webhook targets on loopback, private, link-local,
// unique-local or unspecified addresses are refused when subscribed (as written and as resolved) and again on
// every delivery, on the address actually connected to, unless the operator allows them.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore, type RecordStore } from '../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { SecretBox } from '../../src/instances/secret-box.js';
import { createLogger } from '../../src/logging/logger.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { buildServer } from '../../src/server/build-server.js';
import {
  createWebhookSubscription,
  createWebhookTargetGuard,
  listWebhookDeliveries,
  startWebhookDispatcher,
  type WebhookTargetPolicy,
} from '../../src/webhooks/index.js';
import { withWebhookTables } from '../../src/webhooks/webhook-tables.js';
import { databaseTargets } from '../support/database.js';
import { runCliInProcess as runCli } from '../support/run-cli-in-process.js';
import { createCommandDatabase } from '../support/command-database.js';
import { startTestReceiver } from './start-test-receiver.js';

const secrets = SecretBox.fromKey(randomBytes(32));
const publicOnly: WebhookTargetPolicy = { allowPrivate: false, allowedCidrs: [] };

describe.each(databaseTargets())('webhook targets on $name', (target) => {
  let database: DatabaseHandle;
  let store: RecordStore;
  const apps: FastifyInstance[] = [];

  const serverWith = async (webhookTargets?: WebhookTargetPolicy) => {
    const app = await buildServer({
      db: database.db,
      store,
      secrets,
      ...(webhookTargets ? { webhookTargets } : {}),
    });
    apps.push(app);
    const { token } = await createApiToken(database.db, 'targets');
    return (url: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: { authorization: `Bearer ${token}` },
        payload: { url },
      });
  };

  beforeAll(async () => {
    database = await target.open();
    store = createRecordStore(database.db);
  });
  afterEach(async () => {
    await withWebhookTables(database.db).deleteFrom('webhook_deliveries').execute();
    await withWebhookTables(database.db).deleteFrom('webhook_subscriptions').execute();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database.destroy();
  });

  it('refuses loopback, private, link-local, unique-local and unspecified targets by default, naming the field', async () => {
    const subscribe = await serverWith();
    const refused = {
      'http://127.0.0.1/hooks': 'loopback',
      'http://[::1]:8080/hooks': 'loopback',
      'http://[::ffff:127.0.0.1]/hooks': 'loopback',
      'http://10.1.2.3/hooks': 'private',
      'http://192.168.0.10/hooks': 'private',
      'http://169.254.169.254/latest/meta-data': 'linkLocal',
      'http://[fe80::1]/hooks': 'linkLocal',
      'http://[fd12:3456::1]/hooks': 'uniqueLocal',
      'http://0.0.0.0/hooks': 'unspecified',
      'http://100.64.0.1/hooks': 'carrierGradeNat',
      // as resolved, not only as written: localhost is a name
      'http://localhost:8080/hooks': 'loopback',
    };
    for (const [url, range] of Object.entries(refused)) {
      const response = await subscribe(url);
      expect(response.statusCode, url).toBe(400);
      const body = response.json<{
        error: string;
        issues: Array<{ path: string; rule: string; message: string }>;
      }>();
      expect(body.error).toBe('validation_failed');
      expect(body.issues).toEqual([
        { path: 'url', rule: 'public_target', message: expect.stringContaining(`a ${range} address`) },
      ]);
      expect(body.issues[0]!.message).toContain('CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS');
    }
    expect(
      await withWebhookTables(database.db).selectFrom('webhook_subscriptions').selectAll().execute(),
    ).toEqual([]);
    // a public address, and a name that does not resolve yet (checked again at each delivery), are accepted
    expect((await subscribe('https://93.184.215.14/hooks')).statusCode).toBe(201);
    expect((await subscribe('https://bss.example/hooks')).statusCode).toBe(201);
  });

  it('accepts a private target when the operator allows private targets or lists its range', async () => {
    const anyTarget = await serverWith({ allowPrivate: true, allowedCidrs: [] });
    expect((await anyTarget('http://127.0.0.1/hooks')).statusCode).toBe(201);
    const listed = await serverWith({ allowPrivate: false, allowedCidrs: ['10.20.0.0/16', 'fd00:1::/32'] });
    expect((await listed('http://10.20.3.4/hooks')).statusCode).toBe(201);
    expect((await listed('http://[fd00:1::5]/hooks')).statusCode).toBe(201);
    expect((await listed('http://10.21.0.1/hooks')).statusCode).toBe(400);
    expect((await listed('http://127.0.0.1/hooks')).statusCode).toBe(400);
  });

  it('refuses at delivery time too, on the address connected to: nothing reaches a private receiver', async () => {
    const receiver = await startTestReceiver();
    const port = new URL(receiver.url).port;
    // Subscribed while allowed (or while the name resolved to a public address), delivered under the default policy.
    const allowed = createWebhookTargetGuard({ allowPrivate: true, allowedCidrs: [] });
    const literal = await createWebhookSubscription(
      database.db,
      store,
      { url: receiver.url },
      secrets,
      allowed,
    );
    const byName = await createWebhookSubscription(
      database.db,
      store,
      { url: `http://localhost:${port}/hooks` },
      secrets,
      allowed,
    );
    await allowed.dispatcher.close();
    await store.upsert('accounts', 'target-1', { name: 'Pulled' }, { origin: 'pull' });
    const dispatcher = startWebhookDispatcher({
      db: database.db,
      store,
      secrets,
      targets: publicOnly,
      logger: createLogger({ level: 'silent' }),
      pollIntervalMs: 60_000,
    });
    try {
      await dispatcher.runOnce();
    } finally {
      await dispatcher.stop();
      await receiver.close();
    }
    expect(receiver.received).toEqual([]);
    for (const { subscription } of [literal, byName]) {
      const [attempt] = await listWebhookDeliveries(database.db, subscription.id);
      expect(attempt, subscription.url).toMatchObject({
        statusCode: null,
        error: expect.stringMatching(/^WebhookTargetRefusedError: .*127\.0\.0\.1, a loopback address/),
      });
    }
  });

  it('cwsync webhook add refuses a private target unless CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS=true', async () => {
    const commandDatabase = await createCommandDatabase(target.name);
    const saved = { ...process.env };
    process.env.CWSYNC_SECRET_KEY = randomBytes(32).toString('hex');
    try {
      const add = () =>
        runCli(['webhook', 'add', 'http://127.0.0.1:9/hooks', '--database-url', commandDatabase.url]);
      const refused = await add();
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('url: 127.0.0.1, a loopback address');
      process.env.CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS = 'true';
      expect((await add()).code).toBe(0);
    } finally {
      process.env = saved;
      await commandDatabase.drop();
    }
  });
});
