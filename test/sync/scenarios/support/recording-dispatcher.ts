// An undici dispatcher that keeps every exchange cwsync's ConnectWise client has: what it sent, when, and the
// status and Retry-After it got back. The scenario suites read it to check what went over the wire.
import { Agent, type Dispatcher } from 'undici';

export interface RecordedExchange {
  method: string;
  /** path and query, e.g. `/v4_6_release/apis/3.0/company/companies/5` */
  path: string;
  /** the request body as sent (JSON text), when there was one */
  body?: string;
  sentAt: number;
  status?: number;
  retryAfter?: string;
  answeredAt?: number;
}

export interface RecordingDispatcher {
  dispatcher: Dispatcher;
  exchanges: RecordedExchange[];
  /** the exchanges of one method whose path is under `resource` (`company/companies`) */
  writesTo(method: string, resource: string): Array<RecordedExchange & { json: unknown }>;
  close(): Promise<void>;
}

/** A keep-alive agent that records every exchange; pass it as the ConnectWise client's `dispatcher`. */
export function createRecordingDispatcher(): RecordingDispatcher {
  const exchanges: RecordedExchange[] = [];
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const dispatcher = agent.compose(
    (dispatch) => (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => {
      const exchange: RecordedExchange = {
        method: String(options.method),
        path: options.path,
        ...(typeof options.body === 'string' ? { body: options.body } : {}),
        sentAt: Date.now(),
      };
      exchanges.push(exchange);
      return dispatch(options, {
        onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
        onRequestUpgrade: (controller, statusCode, headers, socket) =>
          handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
        onResponseStart: (controller, statusCode, headers, statusMessage) => {
          exchange.status = statusCode;
          exchange.answeredAt = Date.now();
          const retryAfter = headers['retry-after'];
          if (retryAfter !== undefined) exchange.retryAfter = String(retryAfter);
          return handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
        },
        onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
        onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
        onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
      });
    },
  );
  return {
    dispatcher,
    exchanges,
    writesTo(method, resource) {
      const prefix = `/v4_6_release/apis/3.0/${resource}`;
      return exchanges
        .filter((exchange) => exchange.method === method && exchange.path.split('?')[0]!.startsWith(prefix))
        .map((exchange) => ({
          ...exchange,
          json: exchange.body ? (JSON.parse(exchange.body) as unknown) : undefined,
        }));
    },
    close: () => agent.close(),
  };
}
