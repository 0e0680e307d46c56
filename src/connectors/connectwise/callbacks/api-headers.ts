import { buildAuthorizationHeader } from '../../../connectwise/auth.js';
import type { InstanceCredentials } from '../../../instances/index.js';

/** The headers an API call of the instance carries: its member's Basic auth and its clientId. */
export function apiHeadersOf(credentials: InstanceCredentials): Record<string, string> {
  return { authorization: buildAuthorizationHeader(credentials), clientId: credentials.clientId };
}
