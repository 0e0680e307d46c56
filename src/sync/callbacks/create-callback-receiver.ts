import { z } from 'zod';
import { parseJsonText } from '../../bss/store/parse-json-input.js';
import type { ConnectorDefinition } from '../../engine/index.js';
import type { InstanceRepository } from '../../instances/index.js';
import type { JobQueue } from '../../jobs/index.js';
import { pullJobKind } from '../job-kinds.js';
import {
  apiHeadersOf,
  callbackModulesOf,
  createCallbackVerifier,
  SigningKeyUnavailableError,
  type CallbackVerifier,
} from '../../connectors/connectwise/index.js';

/** One POST from ConnectWise, as it arrived. */
export interface CallbackDelivery {
  instanceId: string;
  rawBody: string;
  signature: string | string[] | undefined;
}

/** What became of a callback; the route turns it into a status code. */
export type CallbackResult =
  | { result: 'queued'; module: string; recordId: string }
  | { result: 'ignored'; reason: string }
  /** answered like a bad signature: whether an instance id exists is not told to an unauthenticated sender */
  | { result: 'unknown-instance'; message: string }
  | { result: 'bad-signature'; message: string }
  | { result: 'key-unavailable'; message: string }
  | { result: 'malformed'; message: string };

export interface CallbackReceiver {
  receive(delivery: CallbackDelivery): Promise<CallbackResult>;
}

export interface CallbackReceiverOptions {
  /** `credentialsOf` lets a key URL that asks for authentication be read with the instance's API headers */
  instances: Pick<InstanceRepository, 'get'> & Partial<Pick<InstanceRepository, 'credentialsOf'>>;
  definition: ConnectorDefinition;
  queue: Pick<JobQueue, 'enqueue'>;
  verifier?: CallbackVerifier;
}

// ConnectWise's callback body: the fields cwsync reads (the record itself is read afresh by the pull job).
const callbackBody = z.object({
  Action: z.string(),
  Type: z.string().min(1),
  ID: z.coerce.number().int().positive(),
});

function unsigned(signature: string | string[] | undefined): string {
  return `x-content-signature is ${signature === undefined ? 'missing' : 'not the signature of this body with the key ConnectWise publishes for the instance'}`;
}

/**
 * Receives ConnectWise callbacks: checks the signature against the key ConnectWise publishes for the
 * instance's site, then queues a pull of the announced record for the module whose callback type it is. The
 * pull job reads the record's current state, so a duplicate or late callback is harmless, and jobs coalesce per
 * record, so a burst of callbacks for one record costs one read. Deletes are not pulled.
 */
export function createCallbackReceiver(options: CallbackReceiverOptions): CallbackReceiver {
  const verifier = options.verifier ?? createCallbackVerifier();
  return {
    async receive({ instanceId, rawBody, signature }) {
      const instance = await options.instances.get(instanceId);
      // Same answer as a wrong signature, so the route cannot be used to find out which instance ids exist.
      if (!instance || instance.id !== instanceId)
        return { result: 'unknown-instance', message: unsigned(signature) };
      let signed: boolean;
      try {
        const credentialsOf = options.instances.credentialsOf?.bind(options.instances);
        signed = await verifier.verify(
          instance.siteUrl,
          rawBody,
          signature,
          credentialsOf ? async () => apiHeadersOf(await credentialsOf(instanceId)) : undefined,
        );
      } catch (error) {
        if (error instanceof SigningKeyUnavailableError)
          return { result: 'key-unavailable', message: error.message };
        throw error;
      }
      if (!signed) return { result: 'bad-signature', message: unsigned(signature) };
      const json = parseJsonText(rawBody);
      if (!json.ok) return { result: 'malformed', message: `callback body: ${json.issues[0]!.message}` };
      const parsed = callbackBody.safeParse(json.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          result: 'malformed',
          message: `callback ${issue?.path.join('.') || 'body'}: ${issue?.message}`,
        };
      }
      const { Action: action, Type: type, ID: id } = parsed.data;
      if (!instance.enabled) return { result: 'ignored', reason: `instance "${instanceId}" is switched off` };
      if (action.toLowerCase() === 'deleted') return { result: 'ignored', reason: 'deletes are not pulled' };
      const module = callbackModulesOf(options.definition, instance.syncOptions).find(
        (candidate) => candidate.callbackType.toLowerCase() === type.toLowerCase(),
      )?.module;
      if (!module) return { result: 'ignored', reason: `the instance does not pull "${type}" records` };
      const recordId = String(id);
      await options.queue.enqueue({ kind: pullJobKind, instanceId, module, recordId });
      return { result: 'queued', module, recordId };
    },
  };
}
