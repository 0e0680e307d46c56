import type { FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin/register-admin-routes.js';
import { startCallbackDispatcher } from './callbacks/callback-dispatcher.js';
import { callbackKeyUrl, createCallbackSigningKey } from './callbacks/callback-signing-key.js';
import type { RetryPolicy } from './callbacks/post-callback.js';
import { registerCallbackKeyRoute } from './callbacks/register-callback-key-route.js';
import { callbackEntityRenderer } from './callbacks/render-callback-entity.js';
import type { SandboxContext } from './context.js';
import { createCallCounter } from './faults/call-counter.js';
import { createFaultController } from './faults/fault-controller.js';
import { registerFaultInjection } from './faults/register-fault-injection.js';
import { registerKeptValues } from './faults/kept-values.js';

export interface ExtensionOptions {
  /** callback retry timing; tests shorten it */
  callbackRetryPolicy?: RetryPolicy;
}

/** Fixed ids in callback payloads (ConnectWise sends its partner and product-instance ObjectIds). */
const partnerId = '65a1c0de5a4d000001c75b01';
const productInstanceId = '65a1c0de5a4d000001c75b02';

/**
 * Plugs the sandbox's extensions into the core's Fastify app, before the ConnectWise routes: fault injection and
 * call counting on API requests, the callback signing-key URL, callback delivery, and the /__sandbox/ admin API.
 */
export async function registerSandboxExtensions(
  app: FastifyInstance,
  context: SandboxContext,
  options: ExtensionOptions = {},
): Promise<void> {
  const logger = context.options.logger ?? app.log;
  const faults = createFaultController(context.options.faults);
  const calls = createCallCounter();
  registerFaultInjection(app, faults, calls);
  registerKeptValues(app, context);

  const key = createCallbackSigningKey();
  registerCallbackKeyRoute(app, context, key, faults);
  const callbacks = startCallbackDispatcher({
    store: context.store,
    logger,
    signingKey: key.signingKey,
    retryPolicy: options.callbackRetryPolicy,
    renderEntity: callbackEntityRenderer(context),
    origin: () => {
      const baseUrl = context.baseUrl();
      return {
        companyId: context.credentials.companyId,
        fromUrl: new URL(baseUrl).host,
        keyUrl: callbackKeyUrl(baseUrl, context.options.codebase, context.credentials.companyId, key.id),
        partnerId,
        productInstanceId,
      };
    },
  });
  app.addHook('onClose', async () => callbacks.stop());

  registerAdminRoutes(app, { context, faults, calls, callbacks });
}
