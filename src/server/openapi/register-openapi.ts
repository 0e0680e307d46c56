import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { packageVersion } from '../../cli/package-version.js';
import { inlinePageHeaders } from '../security-headers.js';
import { docsPage } from './docs-page.js';

/**
 * The OpenAPI 3 document, generated from the same zod schemas the store validates with, at
 * `/api/v1/openapi.json`, and a browsable page at `/api/v1/docs`. Must be registered before the routes.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'cwsync BSS records API',
        version: packageVersion(),
        description:
          'The BSS side of cwsync: records in the platform JSON shapes, a change feed, and lookups. ' +
          'Money is a decimal string with up to 4 decimals; dates are YYYY-MM-DD; `null` means absent.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'cwsync token create' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/api/v1/docs',
    { schema: { hide: true }, helmet: inlinePageHeaders(docsPage) },
    async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage),
  );
}
