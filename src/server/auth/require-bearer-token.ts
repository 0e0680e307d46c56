import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { findLiveApiToken } from './api-tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The name of the API token the request came with; recorded as the writer of its changes. */
    tokenName?: string;
  }
  interface FastifyContextConfig {
    /** The route authenticates its callers itself (ConnectWise callbacks, by their signature): no bearer token. */
    ownAuthentication?: boolean;
  }
}

/** Routes anyone may read: liveness, readiness and the API's own description. */
export const publicPaths = new Set(['/health', '/ready', '/api/v1/openapi.json', '/api/v1/docs']);

export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function requireBearerToken(app: FastifyInstance, db: Kysely<Database>): void {
  app.decorateRequest('tokenName', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (publicPaths.has(path) || !path.startsWith('/api/')) return;
    if (request.routeOptions.config.ownAuthentication === true) return;
    const token = bearerTokenOf(request);
    const live = token === undefined ? undefined : await findLiveApiToken(db, token);
    if (live === undefined) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="cwsync"')
        .send({
          error: 'unauthorized',
          message:
            token === undefined
              ? 'send Authorization: Bearer <token>; make one with `cwsync token create`'
              : 'the bearer token is unknown or revoked',
        });
    }
    request.tokenName = live.name;
  });
}
