import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import {
  signWebhookPayload,
  webhookDeliveryIdHeader,
  webhookSignatureHeader,
} from './sign-webhook-payload.js';
import type { WebhookTargetGuard } from './webhook-target-policy.js';

export interface WebhookAttemptResult {
  deliveryId: string;
  /** 2xx */
  delivered: boolean;
  statusCode: number | null;
  /** Why it did not go through, without the secret or the body: "HTTP 503: …", "timeout after 10000 ms". */
  error: string | null;
  durationMs: number;
}

const responseExcerptLength = 300;

/** One signed POST; never throws for what the receiver or the network does (that is a failed attempt). */
export async function postWebhookEvent(options: {
  url: string;
  secret: string;
  body: string;
  timeoutMs: number;
  /** refuses targets the operator did not allow (see createWebhookTargetGuard) */
  targets: WebhookTargetGuard;
  signal?: AbortSignal;
  now?: Date;
}): Promise<WebhookAttemptResult> {
  const deliveryId = randomUUID();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // An address as written never goes through DNS, so the dispatcher's lookup would not see it.
  const refusal = options.targets.refusalOfLiteral(options.url);
  if (refusal !== undefined) {
    const error = `WebhookTargetRefusedError: ${refusal}`;
    return { deliveryId, delivered: false, statusCode: null, error, durationMs: elapsed() };
  }
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const response = await request(options.url, {
      method: 'POST',
      body: options.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'cwsync-webhooks/1',
        [webhookSignatureHeader]: signWebhookPayload(options.body, options.secret, options.now),
        [webhookDeliveryIdHeader]: deliveryId,
      },
      signal,
      dispatcher: options.targets.dispatcher,
    });
    const text = await response.body.text();
    const delivered = response.statusCode >= 200 && response.statusCode < 300;
    return {
      deliveryId,
      delivered,
      statusCode: response.statusCode,
      error: delivered
        ? null
        : `HTTP ${response.statusCode}${text ? `: ${text.slice(0, responseExcerptLength)}` : ''}`,
      durationMs: elapsed(),
    };
  } catch (error) {
    const message = timeout.aborted
      ? `timeout after ${options.timeoutMs} ms`
      : `${(error as Error).name}: ${(error as Error).message}`;
    return { deliveryId, delivered: false, statusCode: null, error: message, durationMs: elapsed() };
  }
}
