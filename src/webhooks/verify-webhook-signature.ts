import { timingSafeEqual } from 'node:crypto';
import { computeWebhookSignature } from './sign-webhook-payload.js';

export interface VerifyWebhookSignatureOptions {
  /** How far the signed timestamp may be from `now`, either way; 300 s (5 minutes) unless told. */
  toleranceSeconds?: number;
  /** The receiver's clock; the current time unless told (tests pass a fixed one). */
  now?: Date | number;
}

export type WebhookSignatureVerdict =
  | { valid: true; timestamp: number }
  | {
      valid: false;
      reason: 'missing-header' | 'malformed-header' | 'timestamp-outside-tolerance' | 'signature-mismatch';
      message: string;
    };

const defaultToleranceSeconds = 300;

/**
 * Checks a `cwsync-signature` header against the raw request body, for BSS receivers. Hand it the body exactly
 * as received (before any JSON parsing): re-serialised JSON does not match byte for byte.
 */
export function verifyWebhookSignature(
  rawBody: string | Buffer,
  header: string | undefined | null,
  secret: string,
  options: VerifyWebhookSignatureOptions = {},
): WebhookSignatureVerdict {
  if (!header)
    return { valid: false, reason: 'missing-header', message: 'cwsync-signature header is missing' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) {
    return {
      valid: false,
      reason: 'malformed-header',
      message: 'cwsync-signature must look like "t=<unix seconds>,v1=<hex HMAC-SHA256>"',
    };
  }
  const tolerance = options.toleranceSeconds ?? defaultToleranceSeconds;
  const nowSeconds = Math.floor(toMilliseconds(options.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) {
    return {
      valid: false,
      reason: 'timestamp-outside-tolerance',
      message: `signature timestamp ${parsed.timestamp} is more than ${tolerance} s from now (${nowSeconds})`,
    };
  }
  const expected = Buffer.from(computeWebhookSignature(secret, parsed.timestamp, rawBody), 'hex');
  // Several v1 entries may be sent while a secret is being rotated; any one that matches is enough.
  const matches = parsed.signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) {
    return {
      valid: false,
      reason: 'signature-mismatch',
      message: 'no v1 signature matches the body and secret',
    };
  }
  return { valid: true, timestamp: parsed.timestamp };
}

function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

function toMilliseconds(moment: Date | number): number {
  return moment instanceof Date ? moment.getTime() : moment;
}
