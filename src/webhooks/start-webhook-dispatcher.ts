import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Change, RecordStore } from '../bss/store/index.js';
import type { Logger } from '../logging/logger.js';
import { buildWebhookEvent } from './build-webhook-event.js';
import { backoffDelay, type RetryPolicy } from '../shared/index.js';
import { defaultRetryPolicy } from './webhook-retry-policy.js';
import { postWebhookEvent } from './post-webhook-event.js';
import { pruneWebhookDeliveries, recordWebhookDelivery } from './webhook-delivery-log.js';
import type { WebhookSecretSealer } from './webhook-secret-sealer.js';
import { withWebhookTables, type WebhookSubscriptionsTable } from './webhook-tables.js';
import { createWebhookTargetGuard, type WebhookTargetPolicy } from './webhook-target-policy.js';

export interface WebhookDispatcherOptions {
  db: Kysely<Database>;
  store: Pick<RecordStore, 'changesAfter'>;
  logger: Logger;
  /** Opens the sealed signing secrets (the same sealer that created the subscriptions). */
  secrets: WebhookSecretSealer;
  /** How often the change feed is read for new changes and due retries. */
  pollIntervalMs?: number;
  retryPolicy?: RetryPolicy;
  /** A receiver that has not answered within this is a failed attempt. */
  requestTimeoutMs?: number;
  /** Changes read from the feed per query. */
  batchSize?: number;
  /** Which addresses may be delivered to, checked on each connection (default: public addresses only). */
  targets?: WebhookTargetPolicy;
  /** Delivery attempts older than this many days are deleted, once an hour (default 30: CWSYNC_RETAIN_DAYS). */
  retainDays?: number;
}

export interface WebhookDispatcher {
  /** Stops polling, aborts deliveries in flight (they are attempted again on the next start), and waits. */
  stop(): Promise<void>;
  /** One pass over every due subscription, for tests and for `cwsync webhook deliver`-style one-shots. */
  runOnce(): Promise<void>;
}

/**
 * Delivers the change feed to every active subscription, each in feed order from its own durable cursor: a
 * change is delivered (2xx), or retried with capped exponential backoff, before the next one is sent — a
 * receiver never sees `updated` before `created`. Delivery is at least once: a receiver dedupes on the event id.
 */
export function startWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const settings = {
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    retryPolicy: options.retryPolicy ?? defaultRetryPolicy,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    batchSize: options.batchSize ?? 100,
  };
  const db = withWebhookTables(options.db);
  const owner = `dispatcher-${randomUUID()}`;
  const leaseMs = Math.max(60_000, settings.requestTimeoutMs * 3);
  const aborter = new AbortController();
  const targets = createWebhookTargetGuard(options.targets);
  let closingConnections: Promise<void> | undefined;
  const inFlight = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let currentPass: Promise<void> = Promise.resolve();
  const pruneEveryMs = 3_600_000;
  let prunedAt = 0;

  /** The delivery log only grows otherwise: an hourly pass deletes what is older than the retention. */
  async function pruneIfDue(): Promise<void> {
    if (Date.now() - prunedAt < pruneEveryMs) return;
    prunedAt = Date.now();
    const before = new Date(Date.now() - (options.retainDays ?? 30) * 86_400_000);
    const deleted = await pruneWebhookDeliveries(options.db, before);
    if (deleted > 0) options.logger.info({ deleted, before }, 'webhook delivery log pruned');
  }

  async function runPass(): Promise<void> {
    const now = new Date().toISOString();
    const due = await db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('active', '=', 1)
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .execute();
    const passes = due
      .filter((subscription) => !inFlight.has(subscription.id))
      .map((subscription) => {
        const work = serveSubscription(subscription).finally(() => inFlight.delete(subscription.id));
        inFlight.set(subscription.id, work);
        return work;
      });
    await Promise.all(passes);
  }

  async function serveSubscription(due: WebhookSubscriptionsTable): Promise<void> {
    if (!(await claimLease(due.id))) return;
    try {
      // Read again under the lease: another dispatcher may have moved the cursor since the list was read.
      const subscription = await db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('id', '=', due.id)
        .executeTakeFirst();
      if (subscription) await deliverPending(subscription);
    } catch (error) {
      if (!stopped) options.logger.error({ err: error, subscription: due.id }, 'webhook dispatch failed');
    } finally {
      await releaseLease(due.id).catch(() => undefined);
    }
  }

  async function deliverPending(subscription: WebhookSubscriptionsTable): Promise<void> {
    let secret: string;
    try {
      secret = options.secrets.open(subscription.secret);
    } catch (error) {
      await deactivate(subscription.id, `the signing secret cannot be opened: ${(error as Error).message}`);
      options.logger.error({ subscription: subscription.id }, 'webhook secret cannot be opened: deactivated');
      return;
    }
    const entities = subscription.entities ? (JSON.parse(subscription.entities) as string[]) : null;
    const origins = JSON.parse(subscription.origins) as Change['origin'][];
    const originFilter = origins.length === 1 ? { origin: origins[0] } : undefined;
    let cursor = subscription.cursor;
    let failedAttempts = Number(subscription.failed_attempts);
    for (;;) {
      const page = await options.store.changesAfter(cursor, settings.batchSize, originFilter);
      let skippedTo: string | null = null;
      for (const change of page.changes) {
        if (stopped) return;
        const wanted =
          origins.includes(change.origin) && (entities === null || entities.includes(change.entity));
        if (!wanted) {
          skippedTo = change.cursor;
          continue;
        }
        if (skippedTo !== null) await saveProgress(subscription.id, { cursor: skippedTo });
        skippedTo = null;
        const attempt = failedAttempts + 1;
        const event = buildWebhookEvent(change);
        const body = JSON.stringify(event);
        const result = await postWebhookEvent({
          url: subscription.url,
          secret,
          body,
          timeoutMs: settings.requestTimeoutMs,
          targets,
          signal: aborter.signal,
        });
        // A delivery cut short by stop() is neither a success nor the receiver's failure: it is simply redone.
        if (stopped) return;
        await recordWebhookDelivery(options.db, {
          subscriptionId: subscription.id,
          changeCursor: change.cursor,
          eventId: event.id,
          deliveryId: result.deliveryId,
          attempt,
          statusCode: result.statusCode,
          error: result.error,
          durationMs: result.durationMs,
          at: new Date().toISOString(),
        });
        if (result.delivered) {
          cursor = change.cursor;
          failedAttempts = 0;
          await saveProgress(subscription.id, { cursor, failed_attempts: 0, next_attempt_at: null });
          continue;
        }
        if (result.statusCode === 410) {
          await deactivate(subscription.id, 'the receiver answered 410 Gone');
          options.logger.warn(
            { subscription: subscription.id },
            'webhook receiver answered 410 Gone: deactivated',
          );
          return;
        }
        if (attempt >= settings.retryPolicy.maxAttempts) {
          await deactivate(
            subscription.id,
            `${attempt} failed attempts at change ${change.cursor}: ${result.error}`,
          );
          options.logger.warn(
            { subscription: subscription.id, attempt },
            'webhook deactivated after repeated failures',
          );
          return;
        }
        const delayMs = backoffDelay(attempt, settings.retryPolicy, 'equal');
        await saveProgress(subscription.id, {
          failed_attempts: attempt,
          next_attempt_at: new Date(Date.now() + delayMs).toISOString(),
        });
        options.logger.info(
          {
            subscription: subscription.id,
            attempt,
            statusCode: result.statusCode,
            error: result.error,
            delayMs,
          },
          'webhook delivery failed; will retry',
        );
        return;
      }
      if (skippedTo !== null) {
        cursor = skippedTo;
        await saveProgress(subscription.id, { cursor });
      }
      if (page.changes.length < settings.batchSize) return;
    }
  }

  async function saveProgress(
    id: string,
    values: Partial<Pick<WebhookSubscriptionsTable, 'cursor' | 'failed_attempts' | 'next_attempt_at'>>,
  ): Promise<void> {
    const now = new Date();
    await db
      .updateTable('webhook_subscriptions')
      .set({
        ...values,
        updated_at: now.toISOString(),
        lease_expires_at: new Date(now.getTime() + leaseMs).toISOString(),
      })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async function deactivate(id: string, reason: string): Promise<void> {
    await db
      .updateTable('webhook_subscriptions')
      .set({
        active: 0,
        deactivated_reason: reason,
        next_attempt_at: null,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  async function claimLease(id: string): Promise<boolean> {
    const now = new Date();
    const result = await db
      .updateTable('webhook_subscriptions')
      .set({ lease_owner: owner, lease_expires_at: new Date(now.getTime() + leaseMs).toISOString() })
      .where('id', '=', id)
      .where('active', '=', 1)
      .where((eb) =>
        eb.or([
          eb('lease_owner', 'is', null),
          eb('lease_owner', '=', owner),
          eb('lease_expires_at', '<', now.toISOString()),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async function releaseLease(id: string): Promise<void> {
    await db
      .updateTable('webhook_subscriptions')
      .set({ lease_owner: null, lease_expires_at: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      currentPass = Promise.all([runPass(), pruneIfDue()])
        .then(() => undefined)
        .catch((error: unknown) => options.logger.error({ err: error }, 'webhook dispatcher pass failed'))
        .finally(schedule);
    }, settings.pollIntervalMs);
    timer.unref();
  }

  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      aborter.abort();
      await currentPass;
      await Promise.allSettled(inFlight.values());
      await (closingConnections ??= targets.dispatcher.close());
    },
    runOnce: () => runPass(),
  };
}
