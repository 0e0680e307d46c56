import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Fetches the signing key published at a callback's `Metadata.key_url` (the `signing_key` of its JSON). */
export type FetchSigningKey = (keyUrl: string | undefined) => Promise<string>;

/**
 * Checks ConnectWise's `x-content-signature` on a callback: key = sha256(signing_key),
 * expected = base64(HMAC-SHA256(key, body)). The raw body is tried first, then the body re-serialised with
 * JSON.stringify, which is what ConnectWise signs (connectwise-rest `utils/Callback.ts`) should a proxy
 * have re-formatted the JSON. Comparison is constant-time; a missing header or unreadable body is false.
 */
export async function verifyCallbackSignature(
  rawBody: string | Buffer,
  signatureHeader: string | string[] | undefined,
  fetchKey: FetchSigningKey,
): Promise<boolean> {
  const signature = Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader;
  if (!signature) return false;
  const bodyText = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  const parsed = parseJson(bodyText);
  if (parsed === undefined) return false;
  const signingKey = await fetchKey(readKeyUrl(parsed));
  const key = createHash('sha256').update(signingKey).digest();
  const candidates = [bodyText, JSON.stringify(parsed)];
  return candidates.some((text) =>
    signaturesMatch(signature, createHmac('sha256', key).update(text).digest()),
  );
}

function signaturesMatch(received: string, expected: Buffer): boolean {
  const receivedBytes = Buffer.from(received.trim(), 'base64');
  return receivedBytes.length === expected.length && timingSafeEqual(receivedBytes, expected);
}

function readKeyUrl(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const metadata = (body as { Metadata?: unknown }).Metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const keyUrl = (metadata as { key_url?: unknown }).key_url;
  return typeof keyUrl === 'string' ? keyUrl : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
