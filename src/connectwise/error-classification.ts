import { ConnectWiseError } from './errors.js';
import type { ConnectWiseErrorKind, ConnectWiseFieldError, ConnectWiseRecordContext } from './errors.js';

export interface RequestIdentity {
  method: string;
  path: string;
  context?: ConnectWiseRecordContext;
}

const serverTimeoutPattern = /timeout has occ?urr?ed/i;
const endpointMissingMessage = 'The endpoint does not exist.';

/** Network failures after which the request certainly never reached ConnectWise, so any method may be retried. */
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Turns a non-2xx answer into a typed error: 408, 429 and 5xx are retryable, other 4xx are not. */
export function errorFromResponse(
  request: RequestIdentity,
  status: number,
  body: unknown,
  retryAfterMs?: number,
): ConnectWiseError {
  const parsed = readErrorBody(body);
  const isServerTimeout = status === 500 && serverTimeoutPattern.test(parsed.message ?? '');
  return new ConnectWiseError({
    kind: kindForStatus(status, parsed.errors.length > 0, isServerTimeout),
    method: request.method,
    path: request.path,
    context: request.context,
    status,
    code: parsed.code,
    serverMessage: parsed.message,
    errors: parsed.errors,
    retryable: status === 408 || status === 429 || status >= 500,
    retryAfterMs,
  });
}

/** Turns a thrown transport error into a typed error; `sent` says whether the request may have reached the server. */
export function errorFromNetworkFailure(
  request: RequestIdentity,
  failure: unknown,
): { error: ConnectWiseError; sent: boolean } {
  const networkCode = readNetworkCode(failure);
  const sent = !notSentCodes.has(networkCode);
  const error = new ConnectWiseError({
    kind: timeoutCodes.has(networkCode) ? 'timeout' : 'network',
    method: request.method,
    path: request.path,
    context: request.context,
    networkCode,
    retryable: true,
    cause: failure,
  });
  return { error, sent };
}

/** A 2xx that is not JSON: usually a login or portal page because siteUrl is not the API host. */
export function errorFromNonJsonAnswer(
  request: RequestIdentity,
  status: number,
  attempts: number,
): ConnectWiseError {
  return new ConnectWiseError({
    kind: 'http',
    method: request.method,
    path: request.path,
    context: request.context,
    status,
    serverMessage:
      'the answer is not JSON; is siteUrl the ConnectWise API host (e.g. api-na.myconnectwise.net)?',
    retryable: false,
    attempts,
  });
}

/** ConnectWise's answer for a route that is not there, e.g. after a hosted upgrade moved the codebase. */
export function isEndpointMissing(status: number, body: unknown): boolean {
  return status === 404 && readErrorBody(body).message === endpointMissingMessage;
}

function kindForStatus(
  status: number,
  hasFieldErrors: boolean,
  isServerTimeout: boolean,
): ConnectWiseErrorKind {
  if (status === 400 || status === 422 || hasFieldErrors) return 'validation';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status === 408 || isServerTimeout) return 'timeout';
  if (status >= 500) return 'server';
  return 'http';
}

interface ErrorBody {
  code?: string;
  message?: string;
  errors: ConnectWiseFieldError[];
}

function readErrorBody(body: unknown): ErrorBody {
  if (typeof body === 'string') return { message: body.slice(0, 300) || undefined, errors: [] };
  if (!isRecord(body)) return { errors: [] };
  const errors = Array.isArray(body.errors) ? body.errors.filter(isRecord).map(readFieldError) : [];
  return { code: optionalString(body.code), message: optionalString(body.message), errors };
}

function readFieldError(entry: Record<string, unknown>): ConnectWiseFieldError {
  return {
    code: optionalString(entry.code) ?? 'Unknown',
    message: optionalString(entry.message) ?? '',
    resource: optionalString(entry.resource),
    field: optionalString(entry.field),
    details: optionalString(entry.details),
  };
}

function readNetworkCode(failure: unknown): string {
  if (isRecord(failure) && typeof failure.code === 'string') return failure.code;
  if (failure instanceof AggregateError) {
    const first: unknown = failure.errors[0];
    if (isRecord(first) && typeof first.code === 'string') return first.code;
  }
  return failure instanceof Error ? failure.name : 'UNKNOWN';
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
