import { verifyCallbackSignature } from '../../../connectwise/index.js';
import { isSigningKeyUrlOfSite, isSiteOwnUrl } from './signing-key-url.js';

/** The instance's own API headers (Basic auth and clientId), read only when a key URL asks for them. */
export type KeyUrlCredentials = () => Promise<Record<string, string>>;

/** Checks a ConnectWise callback's `x-content-signature` for an instance's site. */
export interface CallbackVerifier {
  /**
   * true when the body is signed with the key ConnectWise publishes for the site; false for a missing or wrong
   * signature, or a key URL outside the site. Throws SigningKeyUnavailableError when the key cannot be read.
   */
  verify(
    siteUrl: string,
    rawBody: string,
    signature: string | string[] | undefined,
    credentials?: KeyUrlCredentials,
  ): Promise<boolean>;
}

export interface CallbackVerifierOptions {
  /**
   * reads `signing_key` from a key URL (default: an HTTP GET with a 10 s timeout, without credentials first and,
   * when the URL answers 401 or 403 and is the site's own, again with the instance's API headers)
   */
  fetchSigningKey?: (keyUrl: string, credentials?: KeyUrlCredentials) => Promise<string>;
  /** how long a fetched key is used before it is read again (default 1 hour) */
  keyTtlMs?: number;
  /** a signature that does not match a cached key older than this reads the key again, once (default 1 minute) */
  refetchAfterMs?: number;
  now?: () => number;
}

/** The signing key could not be read (ConnectWise unreachable): the callback should be sent again later. */
export class SigningKeyUnavailableError extends Error {
  constructor(reason: string) {
    super(`the callback signing key could not be read: ${reason}`);
    this.name = 'SigningKeyUnavailableError';
  }
}

/** The key URL is not the site's, or the site publishes no key there: the callback is not ConnectWise's. */
class UntrustedKeyUrlError extends Error {}

const maxCachedKeys = 50;

/**
 * A verifier that caches signing keys per key URL, so a callback costs no extra call to ConnectWise while the
 * key is fresh; a key that no longer matches (ConnectWise rotated it) is read again, at most once a minute.
 */
export function createCallbackVerifier(options: CallbackVerifierOptions = {}): CallbackVerifier {
  const fetchSigningKey = options.fetchSigningKey ?? fetchSigningKeyOverHttp;
  const keyTtlMs = options.keyTtlMs ?? 3_600_000;
  const refetchAfterMs = options.refetchAfterMs ?? 60_000;
  const now = options.now ?? Date.now;
  const keys = new Map<string, { key: Promise<string>; fetchedAt: number }>();

  function keyOf(
    keyUrl: string,
    fresh: boolean,
    credentials: KeyUrlCredentials | undefined,
  ): { key: Promise<string>; fetchedAt: number } {
    const cached = keys.get(keyUrl);
    if (cached && !fresh && now() - cached.fetchedAt < keyTtlMs) return cached;
    const entry = { key: fetchSigningKey(keyUrl, credentials), fetchedAt: now() };
    entry.key.catch(() => {
      if (keys.get(keyUrl) === entry) keys.delete(keyUrl);
    });
    keys.delete(keyUrl);
    keys.set(keyUrl, entry);
    if (keys.size > maxCachedKeys) keys.delete(keys.keys().next().value!);
    return entry;
  }

  return {
    async verify(siteUrl, rawBody, signature, credentials) {
      let usedAt: number | undefined;
      const attempt = (fresh: boolean) =>
        verifyCallbackSignature(rawBody, signature, async (keyUrl) => {
          if (!keyUrl || !isSigningKeyUrlOfSite(keyUrl, siteUrl)) throw new UntrustedKeyUrlError();
          // The instance's keys go to its own site only, never to another host of ConnectWise's cloud.
          const entry = keyOf(keyUrl, fresh, isSiteOwnUrl(keyUrl, siteUrl) ? credentials : undefined);
          usedAt = entry.fetchedAt;
          return entry.key;
        });
      try {
        if (await attempt(false)) return true;
        if (usedAt === undefined || now() - usedAt < refetchAfterMs) return false;
        return await attempt(true);
      } catch (error) {
        if (error instanceof UntrustedKeyUrlError) return false;
        if (error instanceof SigningKeyUnavailableError) throw error;
        throw new SigningKeyUnavailableError((error as Error).message);
      }
    },
  };
}

/**
 * Reads the key without credentials first (ConnectWise's cloud publishes it openly); a key URL that answers 401 or
 * 403 (an on-premises site behind its API authentication) is asked again, once, with the instance's API headers.
 * Only a network failure, a timeout or a 5xx is "unavailable" (ConnectWise is expected to send again); any
 * other answer — a 3xx that could lead off the site, a 4xx, a page that is not a key — means the key URL is
 * not a key, so the callback is refused as unsigned rather than invited to be sent again.
 */
async function fetchSigningKeyOverHttp(keyUrl: string, credentials?: KeyUrlCredentials): Promise<string> {
  const get = async (headers: Record<string, string>) =>
    fetch(keyUrl, {
      headers: { accept: 'application/json', ...headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
  let response = await get({});
  if ((response.status === 401 || response.status === 403) && credentials) {
    await response.body?.cancel();
    response = await get(await credentials());
  }
  if (response.status >= 500)
    throw new SigningKeyUnavailableError(`the key URL answered HTTP ${response.status}`);
  if (response.status !== 200) throw new UntrustedKeyUrlError();
  let body: { signing_key?: unknown };
  try {
    body = (await response.json()) as { signing_key?: unknown };
  } catch {
    throw new UntrustedKeyUrlError();
  }
  if (typeof body?.signing_key !== 'string' || body.signing_key === '') throw new UntrustedKeyUrlError();
  return body.signing_key;
}
