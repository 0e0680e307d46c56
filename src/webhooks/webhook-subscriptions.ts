import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/index.js';
import { entityNames, type EntityName } from '../bss/records/index.js';
import type { Origin, RecordStore } from '../bss/store/index.js';
import type { WebhookSecretSealer } from './webhook-secret-sealer.js';
import { withWebhookTables, type WebhookSubscriptionsTable } from './webhook-tables.js';
import { WebhookTargetRefusedError, type WebhookTargetGuard } from './webhook-target-policy.js';

export const webhookOrigins = ['api', 'import', 'pull'] as const satisfies readonly Origin[];

export const newWebhookSubscriptionSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000),
  /** Only changes of these entities; every entity when absent. */
  entities: z.array(z.enum(entityNames)).min(1).optional(),
  /** Only changes with these origins; `["pull"]` (what cwsync brought back from ConnectWise) when absent. */
  origins: z.array(z.enum(webhookOrigins)).min(1).optional(),
  /** Deliver the whole change feed from its start, instead of only the changes made from now on. */
  replay: z.boolean().optional(),
});
export type NewWebhookSubscription = z.infer<typeof newWebhookSubscriptionSchema>;

/** A subscription as the API and the CLI show it: never with its secret. */
export interface WebhookSubscription {
  id: string;
  url: string;
  entities: EntityName[] | null;
  origins: Origin[];
  active: boolean;
  deactivatedReason: string | null;
  cursor: string | null;
  failedAttempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Registers a receiver. The signing secret is generated here, stored sealed, and returned only by this call:
 * store it on the receiving side, it is never shown again. Throws WebhookTargetRefusedError for a URL whose host
 * is, or resolves to, an address `targets` refuses (loopback, private… unless the operator allowed them).
 */
export async function createWebhookSubscription(
  db: Kysely<Database>,
  store: Pick<RecordStore, 'changesAfter'>,
  input: NewWebhookSubscription,
  secrets: WebhookSecretSealer,
  targets: Pick<WebhookTargetGuard, 'check'>,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  const refusal = await targets.check(input.url);
  if (refusal !== undefined) throw new WebhookTargetRefusedError(refusal);
  const webhooks = withWebhookTables(db);
  const now = new Date().toISOString();
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const row: WebhookSubscriptionsTable = {
    id: `wh_${randomBytes(8).toString('hex')}`,
    url: input.url,
    secret: secrets.seal(secret),
    entities: input.entities ? JSON.stringify(input.entities) : null,
    origins: JSON.stringify(input.origins ?? ['pull']),
    active: 1,
    deactivated_reason: null,
    cursor: input.replay ? null : await findFeedEnd(store),
    failed_attempts: 0,
    next_attempt_at: null,
    lease_owner: null,
    lease_expires_at: null,
    created_at: now,
    updated_at: now,
  };
  await webhooks.insertInto('webhook_subscriptions').values(row).execute();
  return { subscription: presentSubscription(row), secret };
}

export async function listWebhookSubscriptions(db: Kysely<Database>): Promise<WebhookSubscription[]> {
  const rows = await withWebhookTables(db)
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(presentSubscription);
}

export async function getWebhookSubscription(
  db: Kysely<Database>,
  id: string,
): Promise<WebhookSubscription | undefined> {
  const row = await withWebhookTables(db)
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? presentSubscription(row) : undefined;
}

/** Removes a subscription and its delivery log; false when there was none with that id. */
export async function removeWebhookSubscription(db: Kysely<Database>, id: string): Promise<boolean> {
  return withWebhookTables(db)
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
      const result = await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
}

export function presentSubscription(row: WebhookSubscriptionsTable): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    entities: row.entities ? (JSON.parse(row.entities) as EntityName[]) : null,
    origins: JSON.parse(row.origins) as Origin[],
    active: Number(row.active) === 1,
    deactivatedReason: row.deactivated_reason,
    cursor: row.cursor,
    failedAttempts: Number(row.failed_attempts),
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The cursor of the newest change, so a new subscription starts with the changes made after it. */
async function findFeedEnd(store: Pick<RecordStore, 'changesAfter'>): Promise<string | null> {
  let cursor: string | null = null;
  for (;;) {
    const page = await store.changesAfter(cursor, 500);
    const last = page.changes.at(-1);
    if (!last) return cursor;
    cursor = last.cursor;
    if (page.nextCursor === null) return cursor;
  }
}
