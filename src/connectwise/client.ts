import { createLogger } from '../logging/logger.js';
import { buildAcceptHeader, buildAuthorizationHeader } from './auth.js';
import { createCodebaseResolver } from './codebase.js';
import { ConnectWiseConfigError, parseConnectWiseConfig } from './config.js';
import type { ConnectWiseConfigInput } from './config.js';
import { ConnectWiseCounters } from './counters.js';
import type { ConnectWiseCounterSnapshot } from './counters.js';
import { AdaptiveConcurrencyLimiter } from './limiter.js';
import type { LimiterSnapshot } from './limiter.js';
import { createResource } from './resource.js';
import type { Resource, ResourceDefinition } from './resource.js';
import { createCompanyApi } from './resources/company.js';
import type { CompanyApi } from './resources/company.js';
import { createFinanceApi } from './resources/finance.js';
import type { FinanceApi } from './resources/finance.js';
import { createProcurementApi } from './resources/procurement.js';
import type { ProcurementApi } from './resources/procurement.js';
import { createSalesApi } from './resources/sales.js';
import type { SalesApi } from './resources/sales.js';
import { createSystemApi } from './resources/system.js';
import type { SystemApi } from './resources/system.js';
import { createRequestSender } from './send-request.js';
import type { ApiRequest, ApiResponse } from './send-request.js';
import { resolveApiOrigin } from './site-url.js';
import { createTransport } from './transport.js';

export interface ConnectWiseClient {
  /** scheme + host (+ port) the client talks to, e.g. https://api-na.myconnectwise.net */
  readonly origin: string;
  readonly company: CompanyApi;
  readonly finance: FinanceApi;
  readonly procurement: ProcurementApi;
  readonly sales: SalesApi;
  readonly system: SystemApi;
  /** a resource this client has no typed accessor for, e.g. `resource<Ticket>('service/tickets', 'ticket')` */
  resource<T, TWrite = Partial<T>>(
    path: string,
    recordName?: string,
    options?: Pick<ResourceDefinition<T>, 'forwardOnly' | 'labelOf'>,
  ): Resource<T, TWrite>;
  /** one raw request with the client's auth, limits and retries */
  request(request: ApiRequest): Promise<ApiResponse>;
  /** the codebase in use (discovered when configured as `discover`) */
  codebase(): Promise<string>;
  stats(): { counters: ConnectWiseCounterSnapshot; limiter: LimiterSnapshot };
  /** closes the keep-alive connections */
  close(): Promise<void>;
}

/** Builds the only piece of cwsync that speaks HTTP to ConnectWise Manage; throws ConnectWiseConfigError on bad config. */
export function createConnectWiseClient(input: ConnectWiseConfigInput): ConnectWiseClient {
  const config = parseConnectWiseConfig(input);
  const origin = resolveOriginOrExplain(config.siteUrl);
  const logger = (config.logger ?? createLogger()).child({ component: 'connectwise' });
  const transport = createTransport({
    dispatcher: config.dispatcher,
    maxConnections: config.maxConcurrency,
    timeoutMs: config.timeoutMs,
  });
  const counters = config.counters ?? new ConnectWiseCounters();
  const limiter = new AdaptiveConcurrencyLimiter(config.maxConcurrency);
  const publicHeaders = { accept: buildAcceptHeader(config.apiVersion), clientid: config.clientId };
  const codebase = createCodebaseResolver({
    codebase: config.codebase,
    origin,
    companyId: config.companyId,
    transport,
    headers: publicHeaders,
    onRefresh: () => counters.countCodebaseRefresh(),
  });
  const send = createRequestSender({
    transport,
    codebase,
    origin,
    headers: { ...publicHeaders, authorization: buildAuthorizationHeader(config) },
    limiter,
    counters,
    retry: config.retry,
    logger,
  });

  return {
    origin,
    company: createCompanyApi(send),
    finance: createFinanceApi(send),
    procurement: createProcurementApi(send),
    sales: createSalesApi(send),
    system: createSystemApi(send),
    resource: (path, recordName, options) =>
      createResource(send, { path, recordName: recordName ?? path.split('/').pop() ?? path, ...options }),
    request: send,
    codebase: () => codebase.current(),
    stats: () => ({ counters: counters.snapshot(), limiter: limiter.snapshot() }),
    close: () => transport.close(),
  };
}

function resolveOriginOrExplain(siteUrl: string): string {
  try {
    return resolveApiOrigin(siteUrl);
  } catch (error) {
    throw new ConnectWiseConfigError([
      { path: 'siteUrl', rule: 'format:siteUrl', message: (error as Error).message },
    ]);
  }
}
