import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxContext, SandboxOptions } from '../../../src/sandbox/context.js';
import { registerSandboxExtensions } from '../../../src/sandbox/extensions.js';
import { strictTenantRules } from '../../../src/sandbox/tenant-rule-settings.js';
import { createInMemoryStore } from '../seed/in-memory-store.js';

export const apiPrefix = '/v4_6_release/apis/3.0';

/**
 * A bare Fastify app carrying only the extensions and one stand-in API route, so fault injection, call counting
 * and the admin API are tested without the sandbox core.
 */
export async function startExtensionHost(options: Partial<SandboxOptions> = {}) {
  const app: FastifyInstance = Fastify({ logger: false });
  const store = createInMemoryStore({ 'company/contacts': 'contact' });
  let baseUrl = '';
  const context: SandboxContext = {
    options: { host: '127.0.0.1', apiVersion: '2022.1', codebase: 'v2025_1/', seed: 'empty', ...options },
    credentials: { companyId: 'cwsync', publicKey: 'sandbox-public', privateKey: 'sandbox-private' },
    tenantRules: strictTenantRules,
    store,
    baseUrl: () => baseUrl,
  };
  await registerSandboxExtensions(app, context, {
    callbackRetryPolicy: { retries: 0, firstDelayMs: 1, attemptTimeoutMs: 2_000 },
  });
  app.get(`${apiPrefix}/company/contacts/:id`, async (request) => ({
    id: Number((request.params as { id: string }).id),
  }));
  app.post(`${apiPrefix}/company/contacts`, async (request, reply) => {
    const row = store.insert('company/contacts', request.body as Record<string, unknown>, 'cwsync');
    return reply.code(201).send(row);
  });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, store, context, url: baseUrl, stop: () => app.close() };
}
