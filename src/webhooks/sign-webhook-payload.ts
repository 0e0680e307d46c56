import { createHmac } from 'node:crypto';

/** The header a receiver reads to check that a delivery came from cwsync and was not replayed. */
export const webhookSignatureHeader = 'cwsync-signature';
export const webhookDeliveryIdHeader = 'cwsync-delivery-id';

/** hex HMAC-SHA256 of "<unix seconds>.<raw body>": the timestamp is signed too, so it cannot be swapped. */
export function computeWebhookSignature(
  secret: string,
  timestampSeconds: number,
  rawBody: string | Buffer,
): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

/** The `cwsync-signature` header value, Stripe-style: `t=<unix seconds>,v1=<hex signature>`. */
export function signWebhookPayload(rawBody: string | Buffer, secret: string, now: Date = new Date()): string {
  const timestampSeconds = Math.floor(now.getTime() / 1000);
  return `t=${timestampSeconds},v1=${computeWebhookSignature(secret, timestampSeconds, rawBody)}`;
}
