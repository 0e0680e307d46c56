import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** `/metrics` in Prometheus' text format, without a token (scrape it from inside your network). */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
}
