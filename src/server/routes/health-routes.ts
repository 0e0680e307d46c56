import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createWriteProbe } from '../../db/index.js';
import type { Database } from '../../db/schema.js';

/**
 * `/health`: the process answers. `/ready`: it can also write its database (a probe that writes nothing, its
 * answer reused for a second), so a load balancer stops sending work to a process whose database is locked,
 * read-only or gone. Both without a token.
 */
export function registerHealthRoutes(app: FastifyInstance, db: Kysely<Database>): void {
  const probeWritable = createWriteProbe(db);
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (request, reply) => {
    const probe = await probeWritable();
    if (probe.writable) return { status: 'ready' };
    request.log.warn({ err: probe.error }, 'database cannot be written');
    return reply
      .status(503)
      .header('retry-after', '1')
      .send({ error: 'not_ready', message: 'the database cannot be written (busy, locked or unreachable)' });
  });
}
