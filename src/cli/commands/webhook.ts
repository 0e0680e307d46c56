import { describeZodError } from '../../errors/index.js';
import type { Command } from 'commander';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';
import { Option } from 'commander';
import { entityNames } from '../../bss/records/index.js';
import { createRecordStore } from '../../bss/store/index.js';
import { loadEnvironment, webhookTargetPolicyOf } from '../../config/env.js';
import type { DatabaseHandle } from '../../db/index.js';
import { openSecrets } from '../../config/open-secrets.js';
import type { SecretBox } from '../../instances/secret-box.js';
import {
  createWebhookSubscription,
  createWebhookTargetGuard,
  getWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  newWebhookSubscriptionSchema,
  reactivateWebhookSubscription,
  removeWebhookSubscription,
  webhookOrigins,
  WebhookTargetRefusedError,
  type WebhookSubscription,
} from '../../webhooks/index.js';

interface DatabaseOption {
  databaseUrl?: string;
  json?: boolean;
}

export function registerWebhookCommand(program: Command): void {
  const webhook = program
    .command('webhook')
    .description('Send the changes cwsync pulls from ConnectWise to the BSS as signed HTTP POSTs')
    .addHelpText(
      'after',
      `
Each POST carries {id, type: "<entity>.<action>", createdAt, data: <change>} and two headers:
  cwsync-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
  cwsync-delivery-id: <uuid of this attempt>
Check the signature on the raw body and refuse timestamps more than 5 minutes off (verifyWebhookSignature does
both). Answer 2xx to acknowledge; anything else is retried with backoff, in order; 410 Gone unsubscribes.`,
    );

  webhook
    .command('add')
    .description('Subscribe a URL; prints the signing secret once')
    .argument('<url>', 'the BSS endpoint that receives the POSTs')
    .addOption(
      new Option('--entity <entity...>', 'only changes of these entities (default: all)').choices(
        entityNames,
      ),
    )
    .addOption(
      new Option('--origin <origin...>', 'only changes with these origins (default: pull)').choices(
        webhookOrigins,
      ),
    )
    .option('--replay', 'deliver the whole change feed from its start, not only changes from now on')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print the subscription (with its secret) as JSON')
    .action(
      async (
        url: string,
        options: DatabaseOption & { entity?: string[]; origin?: string[]; replay?: boolean },
      ) => {
        await withWebhookDatabase(options, async (database) => {
          const parsed = newWebhookSubscriptionSchema.safeParse({
            url,
            ...(options.entity ? { entities: options.entity } : {}),
            ...(options.origin ? { origins: options.origin } : {}),
            ...(options.replay ? { replay: true } : {}),
          });
          if (!parsed.success) {
            console.error(`cwsync webhook add: ${describeZodError(parsed.error, '(subscription)')}`);
            return 1;
          }
          const store = createRecordStore(database.db);
          const targets = createWebhookTargetGuard(webhookTargetPolicyOf(loadEnvironment()));
          const created = await createWebhookSubscription(
            database.db,
            store,
            parsed.data,
            await openWebhookSecrets(),
            targets,
          ).catch((error: unknown) => {
            if (error instanceof WebhookTargetRefusedError) return error;
            throw error;
          });
          await targets.dispatcher.close();
          if (created instanceof WebhookTargetRefusedError) {
            console.error(`cwsync webhook add: ${created.problems.join('; ')}`);
            return 1;
          }
          const { subscription, secret } = created;
          if (options.json) console.log(JSON.stringify({ ...subscription, secret }, null, 2));
          else {
            console.log(`Added ${subscription.id} → ${subscription.url} (${describeFilter(subscription)})`);
            console.log(`Signing secret (shown only now; store it with the receiver): ${secret}`);
          }
          return 0;
        });
      },
    );

  webhook
    .command('list')
    .description('List subscriptions (never their secrets)')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print JSON')
    .action(async (options: DatabaseOption) => {
      await withWebhookDatabase(options, async (database) => {
        const subscriptions = await listWebhookSubscriptions(database.db);
        if (options.json) console.log(JSON.stringify(subscriptions, null, 2));
        else if (subscriptions.length === 0) console.log('No webhook subscriptions.');
        else for (const subscription of subscriptions) console.log(describeSubscription(subscription));
        return 0;
      });
    });

  webhook
    .command('remove')
    .description('Remove a subscription and its delivery log')
    .argument('<id>', 'subscription id (wh_…)')
    .option('--database-url <url>', databaseUrlHelp)
    .action(async (id: string, options: DatabaseOption) => {
      await withWebhookDatabase(options, async (database) => {
        if (!(await removeWebhookSubscription(database.db, id))) return notFound(id);
        console.log(`Removed ${id}.`);
        return 0;
      });
    });

  webhook
    .command('enable')
    .description('Switch a deactivated subscription back on; it resumes where it stopped')
    .argument('<id>', 'subscription id (wh_…)')
    .option('--database-url <url>', databaseUrlHelp)
    .action(async (id: string, options: DatabaseOption) => {
      await withWebhookDatabase(options, async (database) => {
        if (!(await reactivateWebhookSubscription(database.db, id))) return notFound(id);
        console.log(`Enabled ${id}.`);
        return 0;
      });
    });

  webhook
    .command('deliveries')
    .description('Show the delivery log of a subscription, newest first')
    .argument('<id>', 'subscription id (wh_…)')
    .option('--limit <n>', 'how many attempts', (value) => Number.parseInt(value, 10), 50)
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print JSON')
    .action(async (id: string, options: DatabaseOption & { limit: number }) => {
      await withWebhookDatabase(options, async (database) => {
        if (!(await getWebhookSubscription(database.db, id))) return notFound(id);
        const deliveries = await listWebhookDeliveries(database.db, id, options.limit);
        if (options.json) console.log(JSON.stringify(deliveries, null, 2));
        else if (deliveries.length === 0) console.log(`No deliveries for ${id} yet.`);
        else {
          for (const delivery of deliveries) {
            const outcome = delivery.error ?? `HTTP ${delivery.statusCode}`;
            console.log(
              `${delivery.at}  change ${delivery.changeCursor}  attempt ${delivery.attempt}  ${delivery.durationMs} ms  ${outcome}`,
            );
          }
        }
        return 0;
      });
    });
}

async function withWebhookDatabase(
  options: DatabaseOption,
  work: (database: DatabaseHandle) => Promise<number>,
): Promise<void> {
  const database = openCommandDatabase(options.databaseUrl);
  try {
    await database.migrate();
    process.exitCode = await work(database);
  } finally {
    await database.destroy();
  }
}

function openWebhookSecrets(): Promise<SecretBox> {
  return openSecrets(loadEnvironment());
}

function notFound(id: string): number {
  console.error(`cwsync webhook: no subscription ${id} (see cwsync webhook list)`);
  return 1;
}

function describeFilter(subscription: WebhookSubscription): string {
  const entities = subscription.entities ? subscription.entities.join(', ') : 'every entity';
  return `${entities}; origin ${subscription.origins.join(', ')}`;
}

function describeSubscription(subscription: WebhookSubscription): string {
  const state = subscription.active
    ? subscription.failedAttempts > 0
      ? `retrying (${subscription.failedAttempts} failed, next ${subscription.nextAttemptAt})`
      : 'active'
    : `inactive: ${subscription.deactivatedReason ?? 'switched off'}`;
  return `${subscription.id}  ${subscription.url}  ${describeFilter(subscription)}  ${state}`;
}
