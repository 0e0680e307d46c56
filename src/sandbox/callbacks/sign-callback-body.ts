import { createHash, createHmac } from 'node:crypto';

/**
 * The `x-content-signature` ConnectWise sends with a callback: base64(HMAC-SHA256(key = sha256(signing_key), body)),
 * the scheme connectwise-rest's `utils/Callback.ts` verifies.
 */
export function signCallbackBody(body: string, signingKey: string): string {
  const key = createHash('sha256').update(signingKey).digest();
  return createHmac('sha256', key).update(body).digest('base64');
}
