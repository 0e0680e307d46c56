import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import type { FaultController } from '../faults/fault-controller.js';
import { apiMembersOf } from '../http/api-members.js';
import { authenticateRequest } from '../http/authenticate.js';
import { ConnectWiseError } from '../http/connectwise-error.js';
import { trimCodebase, type CallbackSigningKey } from './callback-signing-key.js';

const keyPath = 'system/callbackkey/index.rails';

/**
 * Serves the URL in callback Metadata.key_url: `{"signing_key": …}` for the sandbox's key id. Registered under the
 * reported codebase and v4_6_release, with and without the double slash real key URLs carry. Open by default; with
 * the fault switch `callbackKeyNeedsAuth` it asks for the API member's keys and clientId, as an API call does.
 */
export function registerCallbackKeyRoute(
  app: FastifyInstance,
  context: SandboxContext,
  key: CallbackSigningKey,
  faults: FaultController,
): void {
  const members = apiMembersOf(context.credentials);
  const codebases = new Set([trimCodebase(context.options.codebase), 'v4_6_release']);
  for (const codebase of codebases) {
    for (const path of [`/${codebase}/${keyPath}`, `/${codebase}//${keyPath}`]) {
      app.get(path, async (request, reply) => {
        if (faults.settings().callbackKeyNeedsAuth) {
          try {
            authenticateRequest(request, context.credentials, members, context.store);
          } catch (error) {
            if (!(error instanceof ConnectWiseError)) throw error;
            return reply.code(error.statusCode).send(error.body);
          }
        }
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
