import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { trimCodebase, type CallbackSigningKey } from './callback-signing-key.js';

const keyPath = 'system/callbackkey/index.rails';

/**
 * Serves the URL in callback Metadata.key_url: `{"signing_key": …}` for the sandbox's key id. Registered under the
 * reported codebase and v4_6_release, with and without the double slash real key URLs carry.
 */
export function registerCallbackKeyRoute(
  app: FastifyInstance,
  context: SandboxContext,
  key: CallbackSigningKey,
): void {
  const codebases = new Set([trimCodebase(context.options.codebase), 'v4_6_release']);
  for (const codebase of codebases) {
    for (const path of [`/${codebase}/${keyPath}`, `/${codebase}//${keyPath}`]) {
      app.get(path, async (request, reply) => {
        const { id } = request.query as { id?: string };
        if (id !== key.id) {
          return reply
            .code(404)
            .send({ code: 'NotFound', message: `Callback key ${String(id ?? '')} not found` });
        }
        return reply.send({ signing_key: key.signingKey });
      });
    }
  }
}
