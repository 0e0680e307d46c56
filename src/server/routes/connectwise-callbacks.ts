import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { CallbackReceiver, CallbackResult } from '../../sync/callbacks/index.js';
import { errorBody } from '../response-schemas.js';

export interface ConnectWiseCallbackRouteOptions {
  receiver: CallbackReceiver;
}

const params = z.object({ instanceId: z.string().min(1).max(200) });

const statusOf: Record<CallbackResult['result'], 200 | 202 | 400 | 401 | 503> = {
  queued: 202,
  ignored: 200,
  'unknown-instance': 401,
  'bad-signature': 401,
  'key-unavailable': 503,
  malformed: 400,
};

/**
 * `POST /api/v1/connectwise/callbacks/:instanceId`, where ConnectWise announces changed records. ConnectWise
 * sends no bearer token, so the route authenticates by the body's signature instead; it needs the raw body for
 * that, so JSON is read here as text. Register with `app.register(connectWiseCallbackRoutes, { receiver })`.
 */
export const connectWiseCallbackRoutes: FastifyPluginAsync<ConnectWiseCallbackRouteOptions> = async (
  fastify,
  { receiver },
) => {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  fastify.post(
    '/api/v1/connectwise/callbacks/:instanceId',
    {
      config: { ownAuthentication: true },
      schema: {
        tags: ['connectwise'],
        summary: 'A ConnectWise callback: queues a pull of the announced record',
        description:
          'Registered with ConnectWise by `cwsync instance callbacks`. No bearer token: the body must carry ' +
          "ConnectWise's x-content-signature, checked with the key ConnectWise publishes for the instance's site.",
        operationId: 'receive-connectwise-callback',
        security: [],
        params,
        response: {
          200: z.object({ queued: z.literal(false), reason: z.string() }).describe('Nothing to pull.'),
          202: z
            .object({ queued: z.literal(true), module: z.string(), recordId: z.string() })
            .describe('A pull of the record is queued.'),
          400: errorBody.describe('Signed, but not a callback body cwsync can read.'),
          401: errorBody.describe(
            'Missing or wrong x-content-signature, a key URL that is not a ConnectWise key of the site, or no such instance (the same answer, so instance ids cannot be listed).',
          ),
          503: errorBody.describe('The signing key could not be read from ConnectWise; send again later.'),
        },
      },
    },
    async (request, reply) => {
      const { instanceId } = request.params as z.infer<typeof params>;
      const rawBody = typeof request.body === 'string' ? request.body : '';
      const outcome = await receiver.receive({
        instanceId,
        rawBody,
        signature: request.headers['x-content-signature'],
      });
      reply.status(statusOf[outcome.result]);
      switch (outcome.result) {
        case 'queued':
          return { queued: true, module: outcome.module, recordId: outcome.recordId };
        case 'ignored':
          return { queued: false, reason: outcome.reason };
        case 'unknown-instance':
        case 'bad-signature':
          return { error: 'unauthorized', message: outcome.message };
        case 'key-unavailable':
          return { error: 'unavailable', message: outcome.message };
        case 'malformed':
          return { error: 'bad_request', message: outcome.message };
      }
    },
  );
};
