export { backoffDelay, type Jitter, type RetryPolicy } from './backoff.js';
export { isPlainObject } from './is-plain-object.js';
