import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** `/health`: the process answers. `/ready`: it can also reach its database. Both without a token. */
export function registerHealthRoutes(app: FastifyInstance, db: Kysely<Database>): void {
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'database not reachable');
      return reply.status(503).send({ error: 'not_ready', message: 'the database is not reachable' });
    }
  });
}
