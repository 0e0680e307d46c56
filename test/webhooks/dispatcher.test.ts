import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecordStore, type RecordStore } from '../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { createLogger } from '../../src/logging/logger.js';
import {
  createWebhookSubscription,
  createWebhookTargetGuard,
  getWebhookSubscription,
  listWebhookDeliveries,
  reactivateWebhookSubscription,
  startWebhookDispatcher,
  verifyWebhookSignature,
  type NewWebhookSubscription,
  type WebhookDispatcher,
} from '../../src/webhooks/index.js';
import { SecretBox } from '../../src/instances/secret-box.js';
import { databaseTargets } from '../support/database.js';
import { hang, startTestReceiver } from './start-test-receiver.js';

const logger = createLogger({ level: 'silent' });
const secrets = SecretBox.fromKey(randomBytes(32));
const fastRetries = { baseDelayMs: 40, maxDelayMs: 200, maxAttempts: 6 };
const waitLong = { timeout: 10_000, interval: 20 };
/** The receivers of these tests listen on 127.0.0.1, which the default policy refuses. */
const localReceiversAllowed = { allowPrivate: true, allowedCidrs: [] };

describe.each(databaseTargets())('webhook dispatcher on $name', (target) => {
  let database: DatabaseHandle;
  let store: RecordStore;
  let dispatchers: WebhookDispatcher[] = [];
  let receivers: Array<{ close(): Promise<void> }> = [];

  const startDispatcher = (options: { retryPolicy?: typeof fastRetries; requestTimeoutMs?: number } = {}) => {
    const dispatcher = startWebhookDispatcher({
      db: database.db,
      store,
      logger,
      secrets,
      pollIntervalMs: 10,
      targets: localReceiversAllowed,
      retryPolicy: options.retryPolicy ?? fastRetries,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    });
    dispatchers.push(dispatcher);
    return dispatcher;
  };
  const receiver = async (script: number[] = []) => {
    const started = await startTestReceiver(script);
    receivers.push(started);
    return started;
  };
  const subscribe = (input: NewWebhookSubscription) =>
    createWebhookSubscription(
      database.db,
      store,
      input,
      secrets,
      createWebhookTargetGuard(localReceiversAllowed),
    );
  const pull = (id: string, name: string) => store.upsert('accounts', id, { name }, { origin: 'pull' });

  beforeAll(async () => {
    database = await target.open();
    store = createRecordStore(database.db);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(async () => {
    await database.db
      .withTables<{ webhook_subscriptions: { id: string } }>()
      .deleteFrom('webhook_subscriptions')
      .execute();
  });
  afterEach(async () => {
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
    await Promise.all(receivers.map((started) => started.close()));
    dispatchers = [];
    receivers = [];
  });

  it('delivers changes made after subscribing, signed, in feed order, with a stable event id', async () => {
    await pull('before-1', 'Made before the subscription');
    const bss = await receiver();
    const { subscription, secret } = await subscribe({ url: bss.url });
    await pull('wh-a', 'Alpha');
    await pull('wh-b', 'Beta');
    await pull('wh-a', 'Alpha 2');
    startDispatcher();

    await vi.waitFor(() => expect(bss.received).toHaveLength(3), waitLong);

    expect(bss.received.map((request) => [request.event.type, request.event.data.recordId])).toEqual([
      ['accounts.created', 'wh-a'],
      ['accounts.created', 'wh-b'],
      ['accounts.updated', 'wh-a'],
    ]);
    for (const request of bss.received) {
      const verdict = verifyWebhookSignature(
        request.rawBody,
        request.headers['cwsync-signature'] as string,
        secret,
      );
      expect(verdict.valid).toBe(true);
      expect(request.headers['cwsync-delivery-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(request.event.id).toBe(`chg_${request.event.data.cursor}`);
    }
    expect(JSON.parse(bss.received[2]!.rawBody)).toMatchObject({
      data: { origin: 'pull', action: 'updated', version: 2, record: { id: 'wh-a', name: 'Alpha 2' } },
    });
    await vi.waitFor(async () => {
      expect((await getWebhookSubscription(database.db, subscription.id))?.cursor).toBe(
        bss.received[2]!.event.data.cursor,
      );
    }, waitLong);
  });

  it('replays the feed from its start when asked to', async () => {
    await pull('replay-1', 'Made before the subscription');
    const bss = await receiver();
    const { subscription } = await subscribe({ url: bss.url, replay: true });
    expect(subscription.cursor).toBeNull();
    startDispatcher();

    await vi.waitFor(() => {
      expect(bss.received.map((request) => request.event.data.recordId)).toContain('replay-1');
    }, waitLong);
  });

  it('sends only what the filter asks for: origin pull by default, the chosen entities', async () => {
    const bss = await receiver();
    const { subscription: contactsOnly } = await subscribe({
      url: bss.url,
      entities: ['contacts'],
    });
    const everything = await receiver();
    await subscribe({ url: everything.url, origins: ['api', 'pull'] });
    await store.upsert('accounts', 'flt-1', { name: 'From the BSS' }, { origin: 'api' });
    await pull('flt-2', 'From ConnectWise');
    await store.upsert(
      'contacts',
      'flt-c1',
      { firstName: 'Ann', account: { id: 'flt-2' } },
      { origin: 'pull' },
    );
    startDispatcher();

    await vi.waitFor(() => expect(everything.received).toHaveLength(3), waitLong);
    const lastCursor = everything.received[2]!.event.data.cursor;
    await vi.waitFor(async () => {
      expect((await getWebhookSubscription(database.db, contactsOnly.id))?.cursor).toBe(lastCursor);
    }, waitLong);
    expect(bss.received.map((request) => request.event.type)).toEqual(['contacts.created']);
    expect(everything.received.map((request) => request.event.data.recordId)).toEqual([
      'flt-1',
      'flt-2',
      'flt-c1',
    ]);
  });

  it('retries a failing receiver with growing delays, holding back later changes until the first goes through', async () => {
    const bss = await receiver([500, 503]);
    const { subscription } = await subscribe({ url: bss.url });
    await pull('rt-1', 'First');
    await pull('rt-2', 'Second');
    startDispatcher();

    await vi.waitFor(() => expect(bss.received).toHaveLength(4), waitLong);

    expect(bss.received.map((request) => [request.event.data.recordId, request.answeredWith])).toEqual([
      ['rt-1', 500],
      ['rt-1', 503],
      ['rt-1', 200],
      ['rt-2', 200],
    ]);
    const firstEventIds = new Set(bss.received.slice(0, 3).map((request) => request.event.id));
    expect(firstEventIds.size).toBe(1);
    // The receiver answers before the dispatcher logs the attempt: wait for the log too.
    await vi.waitFor(async () => {
      expect(await listWebhookDeliveries(database.db, subscription.id)).toHaveLength(4);
    }, waitLong);
    const deliveries = (await listWebhookDeliveries(database.db, subscription.id)).reverse();
    expect(deliveries.map(({ attempt, statusCode }) => ({ attempt, statusCode }))).toEqual([
      { attempt: 1, statusCode: 500 },
      { attempt: 2, statusCode: 503 },
      { attempt: 3, statusCode: 200 },
      { attempt: 1, statusCode: 200 },
    ]);
    expect(deliveries[0]).toMatchObject({
      error: 'HTTP 500: failed with 500',
      changeCursor: bss.received[0]!.event.data.cursor,
    });
    expect(deliveries[2]?.error).toBeNull();
    // The backoff is a floor: each retry waits at least half its step (40 ms, then 80 ms).
    const gap = (later: number, earlier: number) =>
      Date.parse(deliveries[later]!.at) - Date.parse(deliveries[earlier]!.at);
    expect(gap(1, 0)).toBeGreaterThanOrEqual(20);
    expect(gap(2, 1)).toBeGreaterThanOrEqual(40);
    expect(await getWebhookSubscription(database.db, subscription.id)).toMatchObject({
      failedAttempts: 0,
      active: true,
    });
  });

  it('treats a refused connection and a timeout as failed attempts, and logs why', async () => {
    const closed = await startTestReceiver();
    await closed.close();
    const { subscription } = await subscribe({ url: closed.url });
    await pull('net-1', 'Nobody listens');
    startDispatcher();

    await vi.waitFor(async () => {
      expect((await listWebhookDeliveries(database.db, subscription.id)).length).toBeGreaterThanOrEqual(2);
    }, waitLong);
    const [latest] = await listWebhookDeliveries(database.db, subscription.id);
    expect(latest).toMatchObject({ statusCode: null });
    expect(latest?.error).toMatch(/ECONNREFUSED/);
  });

  it('gives up on a receiver that does not answer in time, and retries the change', async () => {
    const bss = await receiver([hang]);
    const { subscription } = await subscribe({ url: bss.url });
    await pull('slow-1', 'Slow');
    startDispatcher({ requestTimeoutMs: 100 });

    await vi.waitFor(async () => {
      expect((await listWebhookDeliveries(database.db, subscription.id)).length).toBe(2);
    }, waitLong);
    const [retry, timedOut] = await listWebhookDeliveries(database.db, subscription.id);
    expect(timedOut).toMatchObject({ attempt: 1, statusCode: null, error: 'timeout after 100 ms' });
    expect(retry).toMatchObject({ attempt: 2, statusCode: 200, error: null });
  });

  it('stops promptly with a delivery in flight, and delivers that change again on the next start', async () => {
    const bss = await receiver([hang]);
    const { subscription } = await subscribe({ url: bss.url });
    await pull('stop-1', 'In flight');
    const first = startDispatcher();
    await vi.waitFor(() => expect(bss.received).toHaveLength(1), waitLong);

    await first.stop();
    expect(await listWebhookDeliveries(database.db, subscription.id)).toEqual([]);
    startDispatcher();
    await vi.waitFor(() => expect(bss.received).toHaveLength(2), waitLong);
    expect(bss.received[1]?.event.id).toBe(bss.received[0]?.event.id);
  });

  it('deactivates a subscription whose receiver answers 410 Gone, and resumes it on reactivation', async () => {
    const bss = await receiver([410]);
    const { subscription } = await subscribe({ url: bss.url });
    await pull('gone-1', 'Gone');
    const dispatcher = startDispatcher();

    await vi.waitFor(async () => {
      expect(await getWebhookSubscription(database.db, subscription.id)).toMatchObject({
        active: false,
        deactivatedReason: 'the receiver answered 410 Gone',
      });
    }, waitLong);
    await pull('gone-2', 'Still gone');
    await dispatcher.runOnce();
    expect(bss.received).toHaveLength(1);

    await reactivateWebhookSubscription(database.db, subscription.id);
    await vi.waitFor(() => expect(bss.received).toHaveLength(3), waitLong);
    expect(bss.received.map((request) => request.event.data.recordId)).toEqual([
      'gone-1',
      'gone-1',
      'gone-2',
    ]);
  });

  it('deactivates after the last allowed attempt, keeping its place in the feed', async () => {
    const bss = await receiver([500, 500, 500]);
    const { subscription } = await subscribe({ url: bss.url });
    await pull('max-1', 'Failing');
    startDispatcher({ retryPolicy: { ...fastRetries, maxAttempts: 3 } });

    await vi.waitFor(async () => {
      expect((await getWebhookSubscription(database.db, subscription.id))?.active).toBe(false);
    }, waitLong);
    const stored = await getWebhookSubscription(database.db, subscription.id);
    expect(stored?.deactivatedReason).toMatch(/^3 failed attempts at change \d+: HTTP 500/);
    expect(stored?.cursor).toBe(subscription.cursor);
    expect(bss.received).toHaveLength(3);
  });

  it('delivers each change once even with two dispatchers running (one holds the lease)', async () => {
    const bss = await receiver();
    await subscribe({ url: bss.url });
    for (let index = 0; index < 5; index += 1) await pull(`two-${index}`, `Record ${index}`);
    startDispatcher();
    startDispatcher();

    await vi.waitFor(() => expect(bss.received).toHaveLength(5), waitLong);
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.runOnce()));
    expect(bss.received.map((request) => request.event.data.recordId)).toEqual([
      'two-0',
      'two-1',
      'two-2',
      'two-3',
      'two-4',
    ]);
  });
});
