import type { FastifyInstance, HTTPMethods, onRequestHookHandler, RouteHandlerMethod } from 'fastify';
import { methodNotAllowed } from '../http/connectwise-error.js';
import type { ResourceDefinition, ResourceMethod } from '../registry/resource-definition.js';
import { createResourceHandlers } from './resource-handlers.js';
import type { SandboxRuntime } from './sandbox-runtime.js';

const httpMethods: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

interface Endpoint {
  url: string;
  handlers: Partial<Record<HTTPMethods, { method: ResourceMethod; handler: RouteHandlerMethod }>>;
}

function endpointsOf(definition: ResourceDefinition, prefix: string, runtime: SandboxRuntime): Endpoint[] {
  const handlers = createResourceHandlers(definition, prefix, runtime);
  const collection = `${prefix}/${definition.path.replace('{parentId}', ':parentId')}`;
  return [
    {
      url: collection,
      handlers: {
        GET: { method: 'list', handler: handlers.list },
        POST: { method: 'create', handler: handlers.create },
      },
    },
    { url: `${collection}/count`, handlers: { GET: { method: 'count', handler: handlers.count } } },
    {
      url: `${collection}/:id`,
      handlers: {
        GET: { method: 'get', handler: handlers.get },
        PUT: { method: 'replace', handler: handlers.replace },
        PATCH: { method: 'patch', handler: handlers.patch },
        DELETE: { method: 'delete', handler: handlers.remove },
      },
    },
  ];
}

/** Registers list / count / get / POST / PUT / PATCH / DELETE of one resource under one API prefix; other methods → 405. */
export function registerResourceRoutes(
  app: FastifyInstance,
  definition: ResourceDefinition,
  prefix: string,
  runtime: SandboxRuntime,
  authenticate: onRequestHookHandler,
): void {
  for (const endpoint of endpointsOf(definition, prefix, runtime)) {
    for (const method of httpMethods) {
      const entry = endpoint.handlers[method];
      const supported = entry !== undefined && definition.methods.includes(entry.method);
      const notAllowed: RouteHandlerMethod = async () => {
        throw methodNotAllowed(method);
      };
      app.route({
        method,
        url: endpoint.url,
        onRequest: authenticate,
        handler: supported ? entry.handler : notAllowed,
      });
    }
  }
}
