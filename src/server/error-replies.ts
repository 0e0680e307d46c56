import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/index.js';
import { StoreError } from '../bss/store/index.js';
import { CwsyncError, statusOfErrorKind } from '../errors/index.js';
import { RequestBodyError } from './json-body-parser.js';

export interface ErrorBody {
  error: string;
  message: string;
  [detail: string]: unknown;
}

/** Refusals of the request's framing; each issue names the body (path `''`) and the rule it broke. */
const framingErrors: Record<string, { status: number; error: string; message: string; rule: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    error: 'payload_too_large',
    message: 'the body is over the size limit',
    rule: 'maxSize',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    error: 'unsupported_media_type',
    message: 'send the body as application/json (or application/merge-patch+json for PATCH)',
    rule: 'mediaType',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    error: 'malformed_json',
    message: 'the body is not valid JSON',
    rule: 'json_syntax',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    error: 'malformed_json',
    message: 'the body is empty but its content type says JSON',
    rule: 'empty',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    error: 'bad_request',
    message: 'the Content-Length does not match the body',
    rule: 'contentLength',
  },
};

/** Seconds a client waits before sending again a request the database was too busy (or away) to take. */
export const databaseRetryAfterSeconds = 2;

/** The one issue of a refusal about the body as a whole. */
function bodyIssue(rule: string, message: string) {
  return [{ path: '', rule, message: message.replace(/^the body (is )?/, '') }];
}

/**
 * Every error leaves as a JSON body `{ error, message, …details }`. Store errors carry their own status and
 * details; cwsync's typed errors answer by their kind (not found 404, validation 400, conflict 409,
 * unavailable 503, configuration 422), never by their text; anything a client sends that the framework refuses keeps its 4xx status; a database that is busy,
 * locked or unreachable is a 503 with Retry-After; the rest is a 500 that says nothing about internals (the log
 * has the details).
 */
export function registerErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof StoreError) return reply.status(error.status).send(error.toJSON());
    if (error instanceof CwsyncError) {
      return reply
        .status(statusOfErrorKind[error.kind])
        .send({ error: error.code, message: error.message, ...error.details() });
    }
    if (error instanceof RequestBodyError) return reply.status(400).send(error.toJSON());
    const framing = error.code === undefined ? undefined : framingErrors[error.code];
    if (framing !== undefined) {
      const { status, error: code, message, rule } = framing;
      return reply.status(status).send({ error: code, message, issues: bodyIssue(rule, message) });
    }
    if (error instanceof SyntaxError && error.statusCode === 400) {
      const message = `the body is not valid JSON: ${error.message}`;
      return reply
        .status(400)
        .send({ error: 'malformed_json', message, issues: bodyIssue('json_syntax', message) });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({
        error: 'bad_request',
        message: error.message,
        issues: bodyIssue(error.code ?? 'badRequest', error.message),
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database busy or unreachable');
      return reply.status(503).header('retry-after', String(databaseRetryAfterSeconds)).send({
        error: 'database_unavailable',
        message: 'the database is busy or unreachable; send the request again shortly',
      });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send({ error: 'internal_error', message: 'internal error; the server log has the details' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: 'route_not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}

/** Errors the router raises before any route or hook runs: a malformed URL, an over-long path parameter. */
export function replyToRouterError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status =
    error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
      ? error.statusCode
      : 400;
  void reply.status(status).send({ error: 'bad_request', message: error.message });
}
