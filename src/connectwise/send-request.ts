import { setImmediate as answersReadFirst } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import type { CodebaseResolver } from './codebase.js';
import { backoffDelay } from '../shared/index.js';
import type { ConnectWiseRetryPolicy } from './config.js';
import type { ConnectWiseCounters } from './counters.js';
import {
  errorFromNetworkFailure,
  errorFromNonJsonAnswer,
  errorFromResponse,
  isEndpointMissing,
} from './error-classification.js';
import { ConnectWiseError } from './errors.js';
import type { ConnectWiseRecordContext } from './errors.js';
import type { AdaptiveConcurrencyLimiter } from './limiter.js';
import type { Logger } from '../logging/logger.js';
import { parseRetryAfter, sleep } from './retry.js';
import type { Transport, TransportResponse } from './transport.js';
import { buildApiUrl, buildQueryString, normaliseResourcePath } from './url.js';
import type { QueryValue } from './url.js';

export interface ApiRequest {
  method: Dispatcher.HttpMethod;
  /** below `/apis/3.0`, e.g. `company/companies/5` */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** the record this request is about, for error messages */
  context?: ConnectWiseRecordContext;
  /** whether repeating the request after an unknown outcome is harmless; POST defaults to false */
  idempotent?: boolean;
  /** cancels waiting, backoff and the exchange itself */
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  headers: TransportResponse['headers'];
  body: unknown;
}

export type SendRequest = (request: ApiRequest) => Promise<ApiResponse>;

export interface RequestPipeline {
  transport: Transport;
  codebase: CodebaseResolver;
  origin: string;
  headers: Record<string, string>;
  limiter: AdaptiveConcurrencyLimiter;
  counters: ConnectWiseCounters;
  retry: ConnectWiseRetryPolicy;
  logger: Logger;
  random?: () => number;
}

/**
 * Sends one API request through the concurrency limiter with ConnectWise's failure rules: rate limits wait
 * for Retry-After and slow the whole client down; network errors, 408 and 5xx are retried with jittered
 * backoff when repeating is harmless; a write whose outcome is unknown surfaces as `outcomeUnknown` instead
 * of being repeated; a vanished codebase is rediscovered once.
 */
export function createRequestSender(pipeline: RequestPipeline): SendRequest {
  const { transport, limiter, counters, retry, logger } = pipeline;
  const random = pipeline.random ?? Math.random;

  return async function sendRequest(request) {
    const pathAndQuery = normaliseResourcePath(request.path) + buildQueryString(request.query);
    const identity = { method: request.method, path: pathAndQuery, context: request.context };
    const idempotent = request.idempotent ?? request.method !== 'POST';
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers = mergeHeaders(pipeline.headers, body !== undefined, request.headers);
    const state: AttemptState = {
      attempts: 0,
      failures: 0,
      rateLimitRetries: 0,
      codebaseRefreshed: false,
      mayHaveApplied: false,
    };

    /** Backs off after a failed attempt, or throws when the attempts are used up. */
    const retryOrThrow = async (error: ConnectWiseError, waitMs: number | undefined): Promise<void> => {
      state.failures += 1;
      if (state.failures >= retry.maxAttempts) throw error.withAttempts(state.attempts);
      // A server asking for a longer wait than the client allows is answered at once, never waited out.
      if (waitMs !== undefined && waitMs > retry.maxRetryAfterMs) throw error.withAttempts(state.attempts);
      const delayMs = waitMs ?? backoffDelay(state.failures, retry, 'full', random);
      counters.countRetry();
      logger.warn(
        {
          method: request.method,
          path: pathAndQuery,
          attempt: state.attempts,
          reason: error.status ?? error.networkCode,
          waitMs: delayMs,
        },
        'ConnectWise request failed; retrying',
      );
      await sleep(delayMs, request.signal);
    };

    for (let isRetry = false; ; isRetry = true) {
      const codebase = await pipeline.codebase.current();
      // The request is started as its slot is granted (not a turn later): the slot is held for the call alone.
      const exchange = await limiter.acquireAndStart(isRetry, request.signal, (release) => {
        const epoch = limiter.epoch;
        state.attempts += 1;
        counters.countRequest();
        const answer = transport.send({
          method: request.method,
          url: buildApiUrl(pipeline.origin, codebase, pathAndQuery),
          headers,
          body,
          signal: request.signal,
        });
        // awaited below, once the slot's grant has resumed this request
        answer.catch(() => undefined);
        return { release, answer, epoch };
      });
      const { release, epoch } = exchange;
      let response: TransportResponse;
      try {
        response = await exchange.answer;
      } catch (failure) {
        release();
        if (request.signal?.aborted) {
          if (!idempotent) counters.countOutcomeUnknown();
          throw abortedError(request, identity, idempotent, state.attempts, failure);
        }
        counters.countNetworkError();
        const { error, sent } = errorFromNetworkFailure(identity, failure);
        if (sent && !idempotent) {
          counters.countOutcomeUnknown();
          throw error.withAttempts(state.attempts, { outcomeUnknown: true });
        }
        state.mayHaveApplied ||= sent;
        await retryOrThrow(error, undefined);
        continue;
      }
      release();
      // The caller's work after its answer (a sync job's database writes: synchronous on SQLite) waits for the
      // event loop's next turn, so the other answers that have arrived meanwhile are read first and their call
      // slots freed for the calls waiting for one — instead of each slot staying held until every caller ahead
      // of it in this turn has done its bookkeeping (docs/benchmarks.md, p1-slots 2026-12-07).
      await answersReadFirst();
      counters.countStatus(response.status);
      logger.debug(
        { method: request.method, path: pathAndQuery, status: response.status },
        'ConnectWise answered',
      );

      if (response.status < 300) {
        limiter.recordSuccess();
        if (typeof response.body === 'string')
          throw errorFromNonJsonAnswer(identity, response.status, state.attempts);
        return response;
      }
      if (request.method === 'DELETE' && response.status === 404 && state.mayHaveApplied) {
        // an earlier attempt whose answer was lost already deleted it
        return { status: 204, headers: response.headers, body: undefined };
      }
      if (!state.codebaseRefreshed && isEndpointMissing(response.status, response.body)) {
        state.codebaseRefreshed = true;
        const fresh = await pipeline.codebase.refresh(codebase);
        if (fresh !== undefined) {
          logger.warn({ from: codebase, to: fresh }, 'ConnectWise codebase changed; retrying on the new one');
          continue;
        }
      }

      const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      const error = errorFromResponse(identity, response.status, response.body, retryAfterMs);
      if (response.status === 429) {
        // a 429 was not processed, so even a POST may go again once the limiter lets it
        await holdForRateLimit(error, retryAfterMs, epoch);
        continue;
      }
      if (!error.retryable) throw error.withAttempts(state.attempts);
      if (!idempotent) {
        counters.countOutcomeUnknown();
        throw error.withAttempts(state.attempts, { outcomeUnknown: true });
      }
      state.mayHaveApplied = true;
      await retryOrThrow(error, retryAfterMs);
    }

    /** Pauses the whole client (not just this request) for Retry-After, or throws when the budget is spent. */
    async function holdForRateLimit(
      error: ConnectWiseError,
      retryAfterMs: number | undefined,
      epoch: number,
    ): Promise<void> {
      const waitMs = retryAfterMs ?? backoffDelay(state.rateLimitRetries + 1, retry, 'full', random);
      if (limiter.recordRateLimited(Math.min(waitMs, retry.maxRetryAfterMs), epoch)) {
        logger.warn(
          { method: request.method, path: pathAndQuery, waitMs, concurrency: limiter.snapshot().limit },
          'ConnectWise rate limit reached; pausing and slowing down',
        );
      }
      if (state.rateLimitRetries >= retry.maxRateLimitRetries || waitMs > retry.maxRetryAfterMs) {
        throw error.withAttempts(state.attempts);
      }
      state.rateLimitRetries += 1;
      counters.countRetry();
    }
  };
}

/**
 * The caller cancelled: its own abort reason, except for a write already on the wire, whose outcome is then
 * unknown and must be said so.
 */
function abortedError(
  request: ApiRequest,
  identity: { method: string; path: string; context?: ConnectWiseRecordContext },
  idempotent: boolean,
  attempts: number,
  failure: unknown,
): unknown {
  if (idempotent) return request.signal?.reason ?? failure;
  return new ConnectWiseError({
    ...identity,
    kind: 'network',
    networkCode: 'ABORTED',
    retryable: true,
    outcomeUnknown: true,
    attempts,
    cause: request.signal?.reason,
  });
}

interface AttemptState {
  attempts: number;
  /** failed attempts (network, 408, 5xx); rate limits have their own budget */
  failures: number;
  rateLimitRetries: number;
  codebaseRefreshed: boolean;
  /** an earlier attempt may have been applied although its answer was lost */
  mayHaveApplied: boolean;
}

function mergeHeaders(
  base: Record<string, string>,
  hasBody: boolean,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  if (!hasBody && !extra) return base;
  return { ...base, ...(hasBody ? { 'content-type': 'application/json' } : {}), ...extra };
}
