import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';

export interface TransportRequest {
  method: Dispatcher.HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** parsed JSON, the raw text when it is not JSON, undefined when empty */
  body: unknown;
}

export interface Transport {
  /** One HTTP exchange; throws the underlying network error when no answer arrives. */
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

export interface TransportOptions {
  dispatcher?: Dispatcher;
  /** the calls in flight at most (the limiter's bound); the pool keeps as many spare connections again */
  maxConnections: number;
  timeoutMs: number;
}

/**
 * Keep-alive HTTP over undici: one connection pool per client, owned (and closed) by it unless injected. The pool
 * may open twice as many connections as calls are in flight: undici frees a connection for its next request only a
 * turn of the event loop after its answer (and checks an idle one a turn before writing on it), so a request sent
 * as another's answer frees its call slot would otherwise wait in the pool's queue for that turn — behind the work
 * queued meanwhile, on SQLite other jobs' synchronous database work — holding its slot (docs/benchmarks.md, branch
 * sqlite-turns). The calls in flight stay bounded by the client's limiter.
 */
export function createTransport(options: TransportOptions): Transport {
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connections: 2 * options.maxConnections,
      keepAliveTimeout: 30_000,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: Math.min(options.timeoutMs, 30_000) },
    });

  return {
    async send(transportRequest) {
      const response = await request(transportRequest.url, {
        dispatcher,
        method: transportRequest.method,
        headers: transportRequest.headers,
        body: transportRequest.body,
        signal: transportRequest.signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, body: parseBody(text) };
    },
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
