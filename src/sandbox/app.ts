import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type onRequestHookHandler,
} from 'fastify';
import { RequestLogAtDebug } from '../logging/request-log-at-debug.js';
import type { SandboxContext } from './context.js';
import { registerSandboxExtensions } from './extensions.js';
import { apiMembersOf } from './http/api-members.js';
import { authenticateRequest, permissionDenied } from './http/authenticate.js';
import {
  badRequest,
  ConnectWiseError,
  endpointNotFound,
  unsupportedMediaType,
} from './http/connectwise-error.js';
import { setConnectWiseHeaders } from './http/connectwise-response.js';
import { memberOf, rememberMember } from './http/request-state.js';
import { findResource, sandboxResources } from './registry/index.js';
import { registerCompanyInfo } from './routes/register-company-info.js';
import {
  registerEmbeddedCollection,
  type EmbeddedCollection,
} from './routes/register-embedded-collection.js';
import { registerResourceRoutes } from './routes/register-resource-routes.js';
import type { SandboxRuntime } from './routes/sandbox-runtime.js';
import { createElementIdAllocator } from './validation/element-ids.js';

export const stableApiPrefix = '/v4_6_release/apis/3.0';

/** The API prefixes served: the stable alias and the codebase companyinfo reports ("v2025_1/" → /v2025_1/apis/3.0). */
export function apiPrefixesOf(codebase: string): string[] {
  const codebasePrefix = `/${codebase.replace(/^\/+|\/+$/g, '')}/apis/3.0`;
  return [...new Set([stableApiPrefix, codebasePrefix])];
}

function isApiRequest(url: string): boolean {
  return /^\/[^/]+\/apis\/3\.0(\/|$|\?)/i.test(url);
}

function parseJsonBody(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Turns whatever was thrown into ConnectWise's answer; client mistakes are never a 500. */
function toConnectWiseError(error: FastifyError | Error, contentType: string): ConnectWiseError | undefined {
  if (error instanceof ConnectWiseError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return unsupportedMediaType(contentType.split(';')[0]?.trim() ?? contentType);
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new ConnectWiseError(413, { code: 'ConnectWiseApi', message: 'The request body is too large.' });
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return badRequest(error.message);
  return undefined;
}

function contactCommunications(): EmbeddedCollection {
  const parent = findResource('company/contacts');
  if (parent === undefined) throw new Error('The registry has no company/contacts');
  return {
    path: 'company/contacts/{parentId}/communications',
    parent,
    arrayField: 'communicationItems',
    displayName: 'Communication',
  };
}

/** Builds the sandbox's Fastify app: extensions first, then companyinfo and every ConnectWise resource. */
export async function buildSandboxApp(context: SandboxContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: context.options.logger as FastifyBaseLogger | undefined,
    // A demo sync sends thousands of requests a minute: their lines are at debug, not at info.
    logController: new RequestLogAtDebug(),
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    bodyLimit: 10 * 1024 * 1024,
  });
  const apiVersion = context.options.apiVersion;

  app.removeContentTypeParser(['application/json', 'text/plain']);
  // application/json and the +json types (PATCH clients send application/json-patch+json).
  app.addContentTypeParser(
    /^application\/([\w.+-]*\+)?json$/i,
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, parseJsonBody(body.toString()));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = toConnectWiseError(error, request.headers['content-type'] ?? '');
    if (isApiRequest(request.url)) setConnectWiseHeaders(request, reply, apiVersion);
    else reply.type('application/json; charset=utf-8');
    if (answer === undefined) {
      request.log.error({ err: error }, 'sandbox request failed');
      return reply.code(500).send({ code: 'ConnectWiseApi', message: 'An unexpected error occurred.' });
    }
    for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
    return reply.code(answer.statusCode).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const answer = endpointNotFound();
    setConnectWiseHeaders(request, reply, apiVersion);
    return reply.code(answer.statusCode).send(answer.body);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (isApiRequest(request.url)) setConnectWiseHeaders(request, reply, apiVersion);
    return payload;
  });

  await registerSandboxExtensions(app, context);
  registerCompanyInfo(app, context);

  const members = apiMembersOf(context.credentials);
  const authenticate: onRequestHookHandler = async (request) => {
    const member = authenticateRequest(request, context.credentials, members, context.store);
    if (member.readOnly && request.method !== 'GET' && request.method !== 'HEAD') throw permissionDenied();
    rememberMember(request, member);
  };
  const runtime: SandboxRuntime = {
    context,
    nextElementId: createElementIdAllocator(context.store),
    memberOf,
    apiBaseOf: (request, prefix) => `${request.protocol}://${request.host}${prefix}`,
  };
  for (const prefix of apiPrefixesOf(context.options.codebase)) {
    for (const definition of sandboxResources)
      registerResourceRoutes(app, definition, prefix, runtime, authenticate);
    registerEmbeddedCollection(app, contactCommunications(), prefix, runtime, authenticate);
  }
  return app;
}
