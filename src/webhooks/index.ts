export { defaultRetryPolicy } from './webhook-retry-policy.js';
export { buildWebhookEvent, type WebhookEvent } from './build-webhook-event.js';
export { reactivateWebhookSubscription } from './reactivate-webhook-subscription.js';
export {
  computeWebhookSignature,
  signWebhookPayload,
  webhookDeliveryIdHeader,
  webhookSignatureHeader,
} from './sign-webhook-payload.js';
export {
  startWebhookDispatcher,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
} from './start-webhook-dispatcher.js';
export {
  verifyWebhookSignature,
  type VerifyWebhookSignatureOptions,
  type WebhookSignatureVerdict,
} from './verify-webhook-signature.js';
export {
  listWebhookDeliveries,
  pruneWebhookDeliveries,
  type WebhookDelivery,
} from './webhook-delivery-log.js';
export type { WebhookSecretSealer } from './webhook-secret-sealer.js';
export {
  createWebhookSubscription,
  getWebhookSubscription,
  listWebhookSubscriptions,
  newWebhookSubscriptionSchema,
  webhookOrigins,
  removeWebhookSubscription,
  type NewWebhookSubscription,
  type WebhookSubscription,
} from './webhook-subscriptions.js';
export {
  createWebhookTargetGuard,
  isCidr,
  publicTargetsOnly,
  WebhookTargetRefusedError,
  type WebhookTargetGuard,
  type WebhookTargetPolicy,
} from './webhook-target-policy.js';
