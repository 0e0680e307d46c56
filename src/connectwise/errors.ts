/** One field-level problem ConnectWise reported (`ValidationError` in the spec). */
export interface ConnectWiseFieldError {
  code: string;
  message: string;
  resource?: string;
  field?: string;
  details?: string;
}

/** Which record a request was about, so an error can name it the way a person would. */
export interface ConnectWiseRecordContext {
  /** ConnectWise's name for the entity, e.g. `company`, `contact`. */
  resource: string;
  recordId?: string | number;
}

export type ConnectWiseErrorKind =
  | 'validation'
  | 'authentication'
  | 'permission'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'http';

export interface ConnectWiseErrorDetails {
  kind: ConnectWiseErrorKind;
  method: string;
  /** path below the API root, with the query string (never the origin, headers or keys) */
  path: string;
  status?: number;
  code?: string;
  serverMessage?: string;
  errors?: ConnectWiseFieldError[];
  context?: ConnectWiseRecordContext;
  retryable: boolean;
  /** true when a write may or may not have been applied: look before writing again */
  outcomeUnknown?: boolean;
  attempts?: number;
  retryAfterMs?: number;
  /** low-level network error code such as ECONNREFUSED or UND_ERR_SOCKET */
  networkCode?: string;
  cause?: unknown;
}

/**
 * Everything that can go wrong when talking to ConnectWise, as one typed error. It carries what a person or
 * the sync engine needs to act (status, ConnectWise code, field errors, record, retryable, outcomeUnknown)
 * and never the auth header or keys.
 */
export class ConnectWiseError extends Error {
  readonly kind: ConnectWiseErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly code?: string;
  readonly serverMessage?: string;
  readonly errors: readonly ConnectWiseFieldError[];
  readonly context?: ConnectWiseRecordContext;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly attempts: number;
  readonly retryAfterMs?: number;
  readonly networkCode?: string;

  constructor(details: ConnectWiseErrorDetails) {
    super('', details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ConnectWiseError';
    this.kind = details.kind;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.code = details.code;
    this.serverMessage = details.serverMessage;
    this.errors = details.errors ?? [];
    this.context = details.context;
    this.retryable = details.retryable;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    this.attempts = details.attempts ?? 1;
    this.retryAfterMs = details.retryAfterMs;
    this.networkCode = details.networkCode;
    this.message = this.describe();
  }

  /** The same error with the number of attempts made (and possibly outcomeUnknown) filled in. */
  withAttempts(attempts: number, overrides: Partial<ConnectWiseErrorDetails> = {}): ConnectWiseError {
    return new ConnectWiseError({ ...this.details(), attempts, ...overrides });
  }

  /** e.g. `hasFieldError('ObjectExists')`: a duplicate the engine can link to instead of creating. */
  hasFieldError(code: string, field?: string): boolean {
    return this.errors.some((error) => error.code === code && (field === undefined || error.field === field));
  }

  /** A sentence a person can act on, e.g. "ConnectWise rejected company 'ACME': identifier — … (InvalidField)". */
  describe(): string {
    const subject = this.describeSubject();
    const fieldErrors = this.errors.map(describeFieldError).join('; ');
    const serverText = this.serverMessage ? `${this.serverMessage}${this.code ? ` (${this.code})` : ''}` : '';
    switch (this.kind) {
      case 'validation':
        return `ConnectWise rejected ${subject}: ${fieldErrors || serverText || `HTTP ${this.status}`}`;
      case 'authentication':
        return `ConnectWise refused the API keys (HTTP 401) for ${this.requestLine()}: check companyId, publicKey, privateKey and clientId${serverText ? ` — ${serverText}` : ''}`;
      case 'permission':
        return `ConnectWise denied ${this.requestLine()} (HTTP 403): the API member's security role lacks permission${serverText ? ` — ${serverText}` : ''}`;
      case 'not-found':
        // "The endpoint does not exist." is a wrong path or codebase, not a missing record.
        if (this.code === 'ConnectWiseApi') {
          return `ConnectWise has no endpoint ${this.requestLine()} (HTTP 404): check the site URL, codebase and API path${serverText ? ` — ${serverText}` : ''}`;
        }
        return `${this.context ? `ConnectWise has no ${subject}` : `ConnectWise found nothing at ${subject}`} (HTTP 404)${serverText ? `: ${serverText}` : ''}`;
      case 'conflict':
        return `ConnectWise reported a conflict on ${subject} (HTTP 409)${serverText ? `: ${serverText}` : ''}`;
      case 'rate-limited':
        return `ConnectWise rate-limited ${this.requestLine()} (HTTP 429) after ${this.attempts} attempt(s)${this.retryAfterMs === undefined ? '' : `; Retry-After ${Math.ceil(this.retryAfterMs / 1000)} s`}`;
      case 'timeout':
      case 'server':
      case 'network':
        return this.outcomeUnknown
          ? `ConnectWise may or may not have applied ${this.requestLine()} for ${subject} (${this.failureText()}); look the record up before writing it again`
          : `ConnectWise request ${this.requestLine()} failed after ${this.attempts} attempt(s): ${this.failureText()}`;
      default:
        return `ConnectWise answered HTTP ${this.status} to ${this.requestLine()}${fieldErrors ? `: ${fieldErrors}` : serverText ? `: ${serverText}` : ''}`;
    }
  }

  /** Safe to serialise: no headers, no keys, no request body. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      ...this.details(),
      cause: undefined,
    };
  }

  private details(): ConnectWiseErrorDetails {
    return {
      kind: this.kind,
      method: this.method,
      path: this.path,
      status: this.status,
      code: this.code,
      serverMessage: this.serverMessage,
      errors: [...this.errors],
      context: this.context,
      retryable: this.retryable,
      outcomeUnknown: this.outcomeUnknown,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
      networkCode: this.networkCode,
      cause: this.cause,
    };
  }

  private requestLine(): string {
    return `${this.method} ${this.path}`;
  }

  private describeSubject(): string {
    if (!this.context) return this.requestLine();
    const { resource, recordId } = this.context;
    if (recordId === undefined) return `a new ${resource}`;
    return typeof recordId === 'number' ? `${resource} ${recordId}` : `${resource} '${recordId}'`;
  }

  private failureText(): string {
    if (this.kind === 'network') return `network error ${this.networkCode ?? 'unknown'}`;
    if (this.kind === 'timeout' && this.status === undefined)
      return `no answer in time (${this.networkCode})`;
    const serverText = this.serverMessage ? `: ${this.serverMessage}` : '';
    return `HTTP ${this.status}${serverText}`;
  }
}

function describeFieldError(error: ConnectWiseFieldError): string {
  return `${error.field ?? error.resource ?? 'record'} — ${error.message} (${error.code})`;
}

export function isConnectWiseError(value: unknown): value is ConnectWiseError {
  return value instanceof ConnectWiseError;
}
