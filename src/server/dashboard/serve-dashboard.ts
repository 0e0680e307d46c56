import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** `web/dist` of this package: src/server/dashboard/ and dist/server/dashboard/ are both three levels down. */
export const defaultDashboardDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'web',
  'dist',
);

/** Whether `dir` holds a built dashboard (`npm run build` makes one). */
export function hasDashboard(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Serves the built dashboard at `/`: its files as they are, and index.html for any other GET outside `/api/`
 * (the dashboard's own pages). An unknown `/api/` path keeps the API's JSON 404. No token is needed for these
 * files: the dashboard asks for one and sends it with every API call.
 */
export async function serveDashboard(app: FastifyInstance, dir: string): Promise<void> {
  // wildcard: false registers one route per file found now; the catch-all below answers everything else.
  await app.register(fastifyStatic, { root: dir, wildcard: false, index: false });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  app.get('/', { schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html'),
  );
}
