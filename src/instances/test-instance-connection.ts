import { clientForCredentials } from './instance-client.js';
import type { Dispatcher } from 'undici';
import {
  ConnectWiseConfigError,
  isConnectWiseError,
  type ConnectWiseClient,
  type ConnectWiseError,
} from '../connectwise/index.js';
import type { Logger } from '../logging/logger.js';
import type { InstanceCredentials } from './create-instance-repository.js';

export type ConnectionProblem =
  | 'invalid-settings'
  | 'unreachable'
  | 'not-connectwise'
  | 'unknown-company'
  | 'bad-keys'
  | 'client-id'
  | 'no-permission'
  | 'wrong-codebase'
  | 'unexpected';

export interface ConnectionCheck {
  name: 'companyinfo' | 'read' | 'write';
  ok: boolean;
  message: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** set when ok is false: what is wrong, as a code a script can branch on */
  problem?: ConnectionProblem;
  /** one sentence a person can act on; never a key */
  message: string;
  origin?: string;
  codebase?: string;
  /** the API version cwsync asks for */
  apiVersion: string;
  /** the API version the server says is current (its `api-current-version` header), when it says */
  serverApiVersion?: string;
  checks: ConnectionCheck[];
}

export interface ConnectionTestOptions {
  /** a codebase to use instead of the one companyinfo reports, e.g. `v2025_1` */
  codebase?: string;
  /**
   * also check that the API member may add companies: POST company/companies with an empty body, which
   * ConnectWise refuses with 403 before validating when the role lacks the right, and with 400 (nothing
   * created) when it has it. Default true.
   */
  checkWrite?: boolean;
  timeoutMs?: number;
  logger?: Logger;
  dispatcher?: Dispatcher;
}

/**
 * "Test connection": companyinfo (reachable? a ConnectWise site? the company known? its codebase), one cheap
 * authenticated read (keys, clientId, read permission, codebase), and optionally a write permission check.
 * Never throws for a ConnectWise problem: the result says what is wrong.
 */
export async function testInstanceConnection(
  credentials: InstanceCredentials,
  options: ConnectionTestOptions = {},
): Promise<ConnectionTestResult> {
  const checks: ConnectionCheck[] = [];
  const apiVersion = credentials.apiVersion;
  const fail = (problem: ConnectionProblem, message: string, extra: Partial<ConnectionTestResult> = {}) => ({
    ok: false,
    problem,
    message,
    apiVersion,
    ...extra,
    checks,
  });

  let client: ConnectWiseClient;
  try {
    client = openClient(credentials, 'discover', options);
  } catch (error) {
    if (error instanceof ConnectWiseConfigError) {
      const clientIdProblem = error.issues.find((issue) => issue.path === 'clientId');
      return fail(clientIdProblem ? 'client-id' : 'invalid-settings', error.problems.join('; '));
    }
    throw error;
  }
  const origin = client.origin;

  try {
    let codebase: string;
    try {
      codebase = await client.codebase();
      checks.push({ name: 'companyinfo', ok: true, message: `companyinfo reports codebase ${codebase}` });
    } catch (error) {
      if (!isConnectWiseError(error)) throw error;
      const [problem, message] = explainCompanyInfoFailure(error, origin, credentials.companyId);
      checks.push({ name: 'companyinfo', ok: false, message });
      return fail(problem, message, { origin });
    }

    const wanted = options.codebase?.replace(/^\/+|\/+$/g, '');
    if (wanted !== undefined && wanted !== codebase) {
      await client.close();
      client = openClient(credentials, wanted, options);
    }
    const inUse = wanted ?? codebase;

    let serverApiVersion: string | undefined;
    try {
      const response = await client.request({
        method: 'GET',
        path: 'system/members',
        query: { pageSize: 1, fields: 'id' },
      });
      const header = response.headers['api-current-version'];
      serverApiVersion = Array.isArray(header) ? header[0] : header;
      checks.push({ name: 'read', ok: true, message: 'the API member can read system/members' });
    } catch (error) {
      if (!isConnectWiseError(error)) throw error;
      const [problem, message] = explainApiFailure(
        error,
        'read system/members (System › Members › Inquire)',
        {
          origin,
          codebase,
          inUse,
        },
      );
      checks.push({ name: 'read', ok: false, message });
      return fail(problem, message, { origin, codebase: inUse });
    }

    if (options.checkWrite ?? true) {
      try {
        await client.request({ method: 'POST', path: 'company/companies', body: {} });
        // An empty company is never accepted; should a server accept it anyway, the write right is proven.
        checks.push({ name: 'write', ok: true, message: 'the API member can add companies' });
      } catch (error) {
        if (!isConnectWiseError(error)) throw error;
        if (error.kind === 'validation') {
          checks.push({ name: 'write', ok: true, message: 'the API member can add companies' });
        } else {
          const [problem, message] = explainApiFailure(
            error,
            'add companies (Companies › Company Maintenance › Add)',
            { origin, codebase, inUse },
          );
          checks.push({ name: 'write', ok: false, message });
          return fail(problem, message, { origin, codebase: inUse, serverApiVersion });
        }
      }
    }

    const server =
      serverApiVersion && serverApiVersion !== apiVersion
        ? `; the server's current is ${serverApiVersion}`
        : '';
    return {
      ok: true,
      message: `Connected to ${origin} as company '${credentials.companyId}': codebase ${inUse}, API version ${apiVersion}${server}`,
      origin,
      codebase: inUse,
      apiVersion,
      ...(serverApiVersion ? { serverApiVersion } : {}),
      checks,
    };
  } finally {
    await client.close();
  }
}

export function openClient(
  credentials: InstanceCredentials,
  codebase: string,
  options: ConnectionTestOptions,
): ConnectWiseClient {
  return clientForCredentials(credentials, {
    codebase,
    timeoutMs: options.timeoutMs ?? 15_000,
    // A test answers at once: no retries, no waiting out rate limits.
    retry: { maxAttempts: 1, maxRateLimitRetries: 0 },
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
}

function explainCompanyInfoFailure(
  error: ConnectWiseError,
  origin: string,
  companyId: string,
): [ConnectionProblem, string] {
  if (error.kind === 'network' || error.kind === 'timeout')
    return ['unreachable', describeUnreachable(error, origin)];
  if (error.status === 200 && /no Codebase/.test(error.serverMessage ?? '')) {
    return [
      'unknown-company',
      `${origin} does not know company '${companyId}' (companyinfo reports no codebase): check companyId, the company you log in to ConnectWise with, and siteUrl`,
    ];
  }
  return [
    'not-connectwise',
    `${origin} answered HTTP ${error.status ?? '?'} to ${error.path}: it does not look like a ConnectWise Manage site; check siteUrl (e.g. na.myconnectwise.net)`,
  ];
}

function explainApiFailure(
  error: ConnectWiseError,
  action: string,
  where: { origin: string; codebase: string; inUse: string },
): [ConnectionProblem, string] {
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return ['unreachable', describeUnreachable(error, where.origin)];
    case 'authentication':
      if (/client\s*id/i.test(error.serverMessage ?? '')) {
        return [
          'client-id',
          `ConnectWise refused the clientId (HTTP 401): use the GUID issued at developer.connectwise.com/ClientID${error.serverMessage ? ` — ${error.serverMessage}` : ''}`,
        ];
      }
      return [
        'bad-keys',
        `ConnectWise refused the API keys (HTTP 401): check companyId, publicKey and privateKey (My Account › API Keys) and that the API member is active`,
      ];
    case 'permission':
      return [
        'no-permission',
        `the keys work, but the API member's security role may not ${action} (HTTP 403): grant it in System › Security Roles`,
      ];
    case 'not-found':
      if (error.code === 'ConnectWiseApi') {
        const reported = where.inUse === where.codebase ? '' : `; companyinfo reports ${where.codebase}`;
        return [
          'wrong-codebase',
          `${where.origin} has no API under codebase ${where.inUse} (HTTP 404 "${error.serverMessage ?? 'not found'}")${reported}`,
        ];
      }
      break;
    case 'http':
      if (error.serverMessage?.includes('not JSON')) {
        return ['not-connectwise', `${where.origin} did not answer as the ConnectWise API: check siteUrl`];
      }
      break;
    default:
      break;
  }
  return ['unexpected', error.message];
}

function describeUnreachable(error: ConnectWiseError, origin: string): string {
  const host = new URL(origin).host;
  switch (error.networkCode) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach ConnectWise: the host ${new URL(origin).hostname} is not found (DNS ${error.networkCode}); check siteUrl`;
    case 'ECONNREFUSED':
      return `cannot reach ConnectWise: ${host} refused the connection (ECONNREFUSED); check siteUrl and its port`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `cannot reach ConnectWise: no route to ${host} (${error.networkCode})`;
    default:
      return error.kind === 'timeout' || /TIMEOUT/i.test(error.networkCode ?? '')
        ? `cannot reach ConnectWise: ${host} did not answer in time (${error.networkCode ?? 'timeout'})`
        : `cannot reach ConnectWise at ${host}: network error ${error.networkCode ?? 'unknown'}`;
  }
}
