import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Database } from '../../db/schema.js';
import { findLiveApiToken } from '../auth/api-tokens.js';
import { bearerTokenOf } from '../auth/require-bearer-token.js';

/** Who may read `/metrics`: it names the instances and counts their records, so by default a token holder. */
export interface MetricsAccess {
  /** anyone who reaches the port may scrape (CWSYNC_METRICS_AUTH=none): for a network only Prometheus reaches */
  open?: boolean;
  /** a token for Prometheus alone (CWSYNC_METRICS_TOKEN), taken besides any API token */
  token?: string;
}

/** `/metrics` in Prometheus' text format, behind `Authorization: Bearer <API token or metrics token>`. */
export function registerMetricsRoute(
  app: FastifyInstance,
  registry: Registry,
  db: Kysely<Database>,
  access: MetricsAccess = {},
): void {
  const metricsToken = access.token === undefined ? undefined : Buffer.from(access.token);
  const isMetricsToken = (token: string) => {
    const given = Buffer.from(token);
    return (
      metricsToken !== undefined &&
      given.length === metricsToken.length &&
      timingSafeEqual(given, metricsToken)
    );
  };
  app.get(
    '/metrics',
    {
      schema: { hide: true },
      onRequest: async (request, reply) => {
        if (access.open === true) return;
        const token = bearerTokenOf(request);
        if (token !== undefined && (isMetricsToken(token) || (await findLiveApiToken(db, token)))) return;
        return reply.status(401).header('www-authenticate', 'Bearer realm="cwsync metrics"').send({
          error: 'unauthorized',
          message:
            'send Authorization: Bearer <an API token or CWSYNC_METRICS_TOKEN> (see docs/operations.md, Metrics)',
        });
      },
    },
    async (_request, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    },
  );
}
