import {
  createConnectWiseClient,
  type ConnectWiseClient,
  type ConnectWiseConfigInput,
} from '../connectwise/index.js';
import type { InstanceCredentials, InstanceRepository } from './create-instance-repository.js';

/** What a caller may choose about a client (codebase, timeouts, retries, logger…): never the keys. */
export type InstanceClientSettings = Omit<ConnectWiseConfigInput, keyof InstanceCredentials>;

/**
 * The one way cwsync makes a ConnectWise client for a tenant: its credentials, plus the caller's settings, which
 * can never replace a credential. The caller closes the client.
 */
export function clientForCredentials(
  credentials: InstanceCredentials,
  settings: InstanceClientSettings = {},
): ConnectWiseClient {
  return createConnectWiseClient({ ...settings, ...credentials });
}

/** A ConnectWise client for a stored instance, from its keys (opened here, never handed to the caller). */
export async function openInstanceClient(
  instances: Pick<InstanceRepository, 'credentialsOf'>,
  instanceId: string,
  settings: InstanceClientSettings = {},
): Promise<ConnectWiseClient> {
  return clientForCredentials(await instances.credentialsOf(instanceId), settings);
}
