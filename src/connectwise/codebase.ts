import { errorFromNetworkFailure, errorFromResponse } from './error-classification.js';
import { ConnectWiseError } from './errors.js';
import type { Transport } from './transport.js';

export interface CodebaseResolver {
  /** the codebase path segment without slashes, e.g. `v4_6_release` or `v2025_1` */
  current(): Promise<string>;
  /**
   * Asks companyinfo again after `stale` answered "endpoint does not exist"; resolves to the codebase to retry
   * with, or undefined when it did not change (so retrying would not help) or the codebase is fixed.
   */
  refresh(stale: string): Promise<string | undefined>;
}

export interface CodebaseOptions {
  /** `discover` or a fixed codebase such as `v4_6_release` */
  codebase: string;
  origin: string;
  companyId: string;
  transport: Transport;
  headers: Record<string, string>;
  onRefresh?: () => void;
}

export function createCodebaseResolver(options: CodebaseOptions): CodebaseResolver {
  if (options.codebase !== 'discover') {
    const fixed = trimSlashes(options.codebase);
    return { current: () => Promise.resolve(fixed), refresh: () => Promise.resolve(undefined) };
  }
  let known: Promise<string> | undefined;
  return {
    current() {
      known ??= discoverCodebase(options).catch((error: unknown) => {
        known = undefined;
        throw error;
      });
      return known;
    },
    async refresh(stale) {
      const latest = await this.current();
      if (latest !== stale) return latest;
      options.onRefresh?.();
      known = discoverCodebase(options);
      const discovered = await known;
      return discovered === stale ? undefined : discovered;
    },
  };
}

/** `GET /login/companyinfo/{companyId}` → `Codebase`, e.g. `"v2025_1/"`; needs no API keys. */
export async function discoverCodebase(options: CodebaseOptions): Promise<string> {
  const path = `/login/companyinfo/${encodeURIComponent(options.companyId)}`;
  const identity = { method: 'GET', path };
  let response;
  try {
    response = await options.transport.send({
      method: 'GET',
      url: `${options.origin}${path}`,
      headers: options.headers,
    });
  } catch (failure) {
    throw errorFromNetworkFailure(identity, failure).error;
  }
  if (response.status !== 200) throw errorFromResponse(identity, response.status, response.body);
  const codebase = readCodebase(response.body);
  if (!codebase) {
    throw new ConnectWiseError({
      kind: 'not-found',
      method: 'GET',
      path,
      status: response.status,
      serverMessage: `companyinfo reported no Codebase for company '${options.companyId}'; check companyId and siteUrl`,
      retryable: false,
    });
  }
  return codebase;
}

function readCodebase(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('Codebase' in body)) return undefined;
  const value = (body as { Codebase: unknown }).Codebase;
  return typeof value === 'string' && trimSlashes(value) !== '' ? trimSlashes(value) : undefined;
}

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, '');
}
