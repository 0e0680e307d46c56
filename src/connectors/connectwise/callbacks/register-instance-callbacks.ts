import type { CompiledConnector } from '../../../engine/index.js';
import {
  openInstanceClient,
  type InstanceClientSettings,
  type InstanceRepository,
} from '../../../instances/index.js';
import type { Logger } from '../../../logging/logger.js';
import { registerCallbacks, type CallbackRegistration } from './register-callbacks.js';

export interface InstanceCallbacksOptions {
  instances: Pick<InstanceRepository, 'list' | 'credentialsOf'>;
  connector: Pick<CompiledConnector, 'definition'>;
  /** where ConnectWise reaches this server, e.g. CWSYNC_PUBLIC_URL */
  publicUrl: string;
  clientOptions?: InstanceClientSettings;
  logger?: Logger;
}

/**
 * Registers the callbacks of every enabled instance (what `serve` does at start when CWSYNC_PUBLIC_URL is set).
 * An instance whose ConnectWise cannot be reached is logged and skipped, never fatal: polling still brings its
 * changes. Returns the registrations that succeeded, by instance id.
 */
export async function registerInstanceCallbacks(
  options: InstanceCallbacksOptions,
): Promise<Map<string, CallbackRegistration>> {
  const done = new Map<string, CallbackRegistration>();
  for (const instance of await options.instances.list()) {
    if (!instance.enabled) continue;
    try {
      const client = await openInstanceClient(options.instances, instance.id, {
        ...options.clientOptions,
        ...(options.logger ? { logger: options.logger.child({ instanceId: instance.id }) } : {}),
      });
      try {
        const registration = await registerCallbacks(
          { instance, client, connector: options.connector },
          options.publicUrl,
        );
        done.set(instance.id, registration);
        options.logger?.info(
          {
            instanceId: instance.id,
            created: registration.created.length,
            kept: registration.kept.length,
            removed: registration.removed.length,
          },
          'ConnectWise callbacks registered',
        );
      } finally {
        await client.close();
      }
    } catch (error) {
      options.logger?.warn(
        { err: error, instanceId: instance.id },
        'ConnectWise callbacks not registered; polling still brings the changes',
      );
    }
  }
  return done;
}
