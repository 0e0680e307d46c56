import { verifyCallbackSignature } from '../../connectwise/index.js';
import { isSigningKeyUrlOfSite } from './signing-key-url.js';

/** Checks a ConnectWise callback's `x-content-signature` for an instance's site. */
export interface CallbackVerifier {
  /**
   * true when the body is signed with the key ConnectWise publishes for the site; false for a missing or wrong
   * signature, or a key URL outside the site. Throws SigningKeyUnavailableError when the key cannot be read.
   */
  verify(siteUrl: string, rawBody: string, signature: string | string[] | undefined): Promise<boolean>;
}

export interface CallbackVerifierOptions {
  /** reads `signing_key` from a key URL (default: an HTTP GET with a 10 s timeout) */
  fetchSigningKey?: (keyUrl: string) => Promise<string>;
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

  function keyOf(keyUrl: string, fresh: boolean): { key: Promise<string>; fetchedAt: number } {
    const cached = keys.get(keyUrl);
    if (cached && !fresh && now() - cached.fetchedAt < keyTtlMs) return cached;
    const entry = { key: fetchSigningKey(keyUrl), fetchedAt: now() };
    entry.key.catch(() => {
      if (keys.get(keyUrl) === entry) keys.delete(keyUrl);
    });
    keys.delete(keyUrl);
    keys.set(keyUrl, entry);
    if (keys.size > maxCachedKeys) keys.delete(keys.keys().next().value!);
    return entry;
  }

  return {
    async verify(siteUrl, rawBody, signature) {
      let usedAt: number | undefined;
      const attempt = (fresh: boolean) =>
        verifyCallbackSignature(rawBody, signature, async (keyUrl) => {
          if (!keyUrl || !isSigningKeyUrlOfSite(keyUrl, siteUrl)) throw new UntrustedKeyUrlError();
          const entry = keyOf(keyUrl, fresh);
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
 * Only a network failure, a timeout or a 5xx is "unavailable" (ConnectWise is expected to send again); any
 * other answer — a 3xx that could lead off the site, a 4xx, a page that is not a key — means the key URL is
 * not a key, so the callback is refused as unsigned rather than invited to be sent again.
 */
async function fetchSigningKeyOverHttp(keyUrl: string): Promise<string> {
  const response = await fetch(keyUrl, {
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
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
