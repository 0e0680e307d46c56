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
  maxConnections: number;
  timeoutMs: number;
}

/** Keep-alive HTTP over undici: one connection pool per client, owned (and closed) by it unless injected. */
export function createTransport(options: TransportOptions): Transport {
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connections: options.maxConnections,
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
