import type { FastifyPluginAsync } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { entityNames } from '../../bss/records/index.js';
import type { RecordStore } from '../../bss/store/index.js';
import { describeIssues, describeZodIssues } from '../../errors/index.js';
import type { Database } from '../../db/index.js';
import {
  reactivateWebhookSubscription,
  listWebhookDeliveries,
  type WebhookSecretSealer,
  createWebhookTargetGuard,
  WebhookTargetRefusedError,
  type WebhookTargetPolicy,
  createWebhookSubscription,
  getWebhookSubscription,
  listWebhookSubscriptions,
  newWebhookSubscriptionSchema,
  removeWebhookSubscription,
  webhookOrigins,
} from '../../webhooks/index.js';

export interface WebhookRoutesOptions {
  db: Kysely<Database>;
  store: Pick<RecordStore, 'changesAfter'>;
  /** Seals the signing secrets of new subscriptions. */
  secrets: WebhookSecretSealer;
  /** Which addresses a subscription may target (default: public addresses only). */
  targets?: WebhookTargetPolicy;
}

const subscriptionSchema = z.object({
  id: z.string(),
  url: z.string(),
  entities: z.array(z.enum(entityNames)).nullable(),
  origins: z.array(z.enum(webhookOrigins)),
  active: z.boolean(),
  deactivatedReason: z.string().nullable(),
  cursor: z.string().nullable(),
  failedAttempts: z.int(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const createdSubscriptionSchema = subscriptionSchema.extend({
  secret: z.string().describe('The signing secret. Shown once, here: store it now.'),
});

const deliverySchema = z.object({
  id: z.number(),
  subscriptionId: z.string(),
  changeCursor: z.string(),
  eventId: z.string(),
  deliveryId: z.string(),
  attempt: z.int(),
  statusCode: z.int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
  at: z.string(),
});

const errorSchema = z.object({ error: z.string(), message: z.string() });
const validationErrorSchema = errorSchema.extend({
  issues: z.array(z.object({ path: z.string(), rule: z.string(), message: z.string() })),
});
const idParams = z.object({ id: z.string().max(100) });
const notFound = (id: string) => ({
  error: 'not_found',
  message: `webhook subscription ${id} does not exist`,
});

/**
 * `/webhooks` routes: register under the API prefix, inside the authenticated scope:
 * `app.register(webhookRoutes, { prefix: '/api/v1', db, store, secrets })`.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRoutesOptions> = async (
  fastify,
  { db, store, secrets, targets },
) => {
  const targetGuard = createWebhookTargetGuard(targets);
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);
  // Same 400 as the record routes: every problem, each with its field and rule. Anything else goes up to the
  // server's own error handler.
  fastify.setErrorHandler((error, request, reply) => {
    if (!hasZodFastifySchemaValidationErrors(error)) throw error;
    // The type provider hands zod's issues over as its own entries; they become zod issues again.
    const zodIssues = error.validation.map(
      (entry) =>
        ({
          ...entry.params,
          code: entry.keyword,
          path: entry.instancePath
            .split('/')
            .filter(Boolean)
            .map((segment: string) => (/^\d+$/.test(segment) ? Number(segment) : segment)),
          message: entry.message,
        }) as z.core.$ZodIssue,
    );
    const issues = describeZodIssues(zodIssues, request.body, 'a webhook subscription');
    return reply.status(400).send({ error: 'validation_failed', message: describeIssues(issues), issues });
  });
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'List webhook subscriptions',
        response: { 200: z.object({ items: z.array(subscriptionSchema) }) },
      },
    },
    async () => ({ items: await listWebhookSubscriptions(db) }),
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to the change feed (signed POSTs); the secret is in this answer only',
        body: newWebhookSubscriptionSchema,
        response: {
          201: createdSubscriptionSchema,
          400: validationErrorSchema.describe(
            'Not a valid subscription, or a URL whose host is or resolves to a loopback, private, link-local or other non-public address the operator did not allow.',
          ),
        },
      },
    },
    async (request, reply) => {
      try {
        const { subscription, secret } = await createWebhookSubscription(
          db,
          store,
          request.body,
          secrets,
          targetGuard,
        );
        return await reply.code(201).send({ ...subscription, secret });
      } catch (error) {
        if (!(error instanceof WebhookTargetRefusedError)) throw error;
        return reply.code(400).send({
          error: 'validation_failed',
          message: error.problems.join('; '),
          issues: [...error.issues],
        });
      }
    },
  );

  app.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'One webhook subscription',
        params: idParams,
        response: { 200: subscriptionSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const subscription = await getWebhookSubscription(db, request.params.id);
      return subscription ?? reply.code(404).send(notFound(request.params.id));
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Remove a webhook subscription and its delivery log',
        params: idParams,
        response: { 204: z.null().describe('Removed'), 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!(await removeWebhookSubscription(db, request.params.id)))
        return reply.code(404).send(notFound(request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/reactivate',
    {
      schema: {
        tags,
        summary: 'Switch a deactivated subscription back on; it resumes where it stopped',
        params: idParams,
        response: { 200: subscriptionSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!(await reactivateWebhookSubscription(db, request.params.id))) {
        return reply.code(404).send(notFound(request.params.id));
      }
      return (await getWebhookSubscription(db, request.params.id))!;
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'Delivery attempts of a subscription, newest first',
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(deliverySchema) }), 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!(await getWebhookSubscription(db, request.params.id)))
        return reply.code(404).send(notFound(request.params.id));
      return { items: await listWebhookDeliveries(db, request.params.id, request.query.limit) };
    },
  );
};
